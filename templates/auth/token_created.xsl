<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/token_created']" mode="main">
  <h1><xsl:value-of select="k:t('token_created.title')"/></h1>
  <p class="msg info" role="status"><xsl:value-of select="k:t('token_created.once')"/></p>
  <div class="card">
    <p id="token-label"><strong><xsl:value-of select="k:t('token_created.label', string(created/name))"/></strong></p>
    <p><code id="new-token" class="secret" aria-labelledby="token-label"><xsl:value-of select="created/@token"/></code></p>
    <p><button type="button" class="primary" data-copy="#new-token"><xsl:value-of select="k:t('token_created.copy')"/></button></p>
    <p><xsl:value-of select="k:t('token_created.example')"/></p>
    <pre class="example">curl -H 'Authorization: Bearer <xsl:value-of select="created/@token"/>' <xsl:value-of select="created/@base"/>/api/1/profile</pre>
  </div>
  <p><a href="/account/tokens"><xsl:value-of select="k:t('token_created.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
