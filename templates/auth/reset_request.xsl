<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/reset_request']" mode="main">
  <h1><xsl:value-of select="k:t('reset.title')"/></h1>
  <p><xsl:value-of select="k:t('reset.intro')"/></p>
  <form method="post" action="/reset" class="card narrow">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'email'"/>
      <xsl:with-param name="label" select="'field.email'"/>
      <xsl:with-param name="type" select="'email'"/>
      <xsl:with-param name="autocomplete" select="'username'"/>
    </xsl:call-template>
    <button type="submit" class="primary"><xsl:value-of select="k:t('reset.send')"/></button>
  </form>
  <p><a href="/login"><xsl:value-of select="k:t('reset.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
