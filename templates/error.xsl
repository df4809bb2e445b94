<?xml version="1.0" encoding="UTF-8"?>
<!-- Every error page: what happened in plain words, and an incident id for 5xx. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='error']" mode="main">
  <h1><xsl:value-of select="k:t(concat('error.', error/@status))"/></h1>
  <p><xsl:value-of select="k:t(concat('error.', error/@status, '.text'))"/></p>
  <xsl:if test="error/@incident">
    <p class="incident"><xsl:value-of select="k:t('error.incident')"/><xsl:text> </xsl:text><code><xsl:value-of select="error/@incident"/></code></p>
  </xsl:if>
  <p><a href="/"><xsl:value-of select="k:t('error.home')"/></a></p>
</xsl:template>
</xsl:stylesheet>
