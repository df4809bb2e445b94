<?xml version="1.0" encoding="UTF-8"?>
<!-- The login waits for its approval on a device; the page asks again every few seconds
     (meta refresh, no JavaScript needed). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/login_device']" mode="main">
  <h1><xsl:value-of select="k:t('devices.wait.title')"/></h1>
  <div class="card narrow">
    <p class="msg info" role="status"><xsl:value-of select="k:t('devices.wait.what', string(approval/@ip))"/></p>
    <p><xsl:value-of select="k:t('devices.wait.time', string(approval/@seconds))"/></p>
    <p><a href="/login/2fa/device"><xsl:value-of select="k:t('devices.wait.check')"/></a></p>
    <p><a href="/login/2fa"><xsl:value-of select="k:t('devices.wait.other')"/></a></p>
    <form method="post" action="/login/2fa/cancel" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="link"><xsl:value-of select="k:t('twofa.login.cancel')"/></button>
    </form>
  </div>
</xsl:template>
</xsl:stylesheet>
