<?xml version="1.0" encoding="UTF-8"?>
<!-- New emergency codes, shown this once: download as a text file, print, or copy. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" xmlns:str="http://exslt.org/strings" exclude-result-prefixes="k str">
<xsl:template match="page[@view='auth/emergency_codes']" mode="main">
  <h1><xsl:value-of select="k:t('emergency.title')"/></h1>
  <section class="card codes" aria-labelledby="codes-h">
    <h2 id="codes-h"><xsl:value-of select="k:t('emergency.for', string(account))"/></h2>
    <p><xsl:value-of select="k:t('emergency.once')"/></p>
    <ol class="codes" id="emergency-codes">
      <xsl:for-each select="codes/code"><li><code><xsl:value-of select="."/></code></li></xsl:for-each>
    </ol>
    <p class="actions no-print">
      <a class="button" download="kontor-emergency-codes.txt"
         href="data:text/plain;charset=utf-8,{str:encode-uri(string(file), true())}"><xsl:value-of select="k:t('emergency.download')"/></a>
      <button type="button" class="copy" data-copy="#emergency-codes"><xsl:value-of select="k:t('emergency.copy')"/></button>
      <button type="button" class="print"><xsl:value-of select="k:t('emergency.print')"/></button>
    </p>
  </section>
  <p class="no-print"><a href="/account/security"><xsl:value-of select="k:t('emergency.done')"/></a></p>
</xsl:template>
</xsl:stylesheet>
