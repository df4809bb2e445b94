<?xml version="1.0" encoding="UTF-8"?>
<!-- The coordinates check: each flag with a link to where it is fixed (fcgi/products/check.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='products/check']" mode="main">
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'check'"/></xsl:call-template>
  <h2><xsl:value-of select="k:t('check.title')"/></h2>
  <p class="hint"><xsl:value-of select="k:t('check.intro')"/></p>
  <xsl:choose>
    <xsl:when test="flags/flag">
      <ul class="flags">
        <xsl:for-each select="flags/flag">
          <li><a href="{@href}"><xsl:value-of select="k:t(@key, string(subject))"/></a></li>
        </xsl:for-each>
      </ul>
      <xsl:if test="flags/@more"><p class="hint"><xsl:value-of select="k:t('check.more')"/></p></xsl:if>
    </xsl:when>
    <xsl:otherwise><p class="msg info" role="status"><xsl:value-of select="k:t('check.none')"/></p></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
