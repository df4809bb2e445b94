<?xml version="1.0" encoding="UTF-8"?>
<!-- Deleting a tag: says how many products carry it before one confirms. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='products/tag_delete']" mode="main">
  <h1><xsl:value-of select="k:t('tags.delete_title')"/></h1>
  <p><xsl:for-each select="tag"><xsl:call-template name="tag-chip"/></xsl:for-each></p>
  <p><xsl:value-of select="k:t('tags.delete_text', string(tag/@products))"/></p>
  <form method="post" action="/orgs/{org/@id}/tags/{tag/@id}/delete" class="card danger">
    <xsl:call-template name="csrf"/>
    <button type="submit" class="danger"><xsl:value-of select="k:t('tags.delete_button')"/></button>
    <xsl:text> </xsl:text>
    <a href="/orgs/{org/@id}/tags"><xsl:value-of select="k:t('tags.keep')"/></a>
  </form>
</xsl:template>
</xsl:stylesheet>
