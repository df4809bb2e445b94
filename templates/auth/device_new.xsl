<?xml version="1.0" encoding="UTF-8"?>
<!-- A new registration: the QR code the device scans, and the same for manual entry. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/device_new']" mode="main">
  <h1><xsl:value-of select="k:t('devices.new.title')"/></h1>
  <div class="card">
    <p><xsl:value-of select="k:t('devices.new.scan', string(registration/@minutes))"/></p>
    <xsl:call-template name="qr">
      <xsl:with-param name="qr" select="registration/qr"/>
      <xsl:with-param name="label" select="'devices.new.qr'"/>
    </xsl:call-template>
    <p><xsl:value-of select="k:t('devices.new.manual')"/></p>
    <dl class="facts">
      <dt id="reg-url"><xsl:value-of select="k:t('devices.new.url')"/></dt>
      <dd><code class="secret" aria-labelledby="reg-url"><xsl:value-of select="registration/@url"/></code></dd>
      <dt id="reg-token"><xsl:value-of select="k:t('devices.new.token')"/></dt>
      <dd><code id="registration-token" class="secret" aria-labelledby="reg-token"><xsl:value-of select="registration/@token"/></code></dd>
    </dl>
    <p><button type="button" class="secondary" data-copy="#registration-token"><xsl:value-of select="k:t('devices.new.copy')"/></button></p>
    <p><a class="button" href="/account/devices/registrations/{registration/@id}"><xsl:value-of select="k:t('devices.new.done')"/></a></p>
  </div>
  <p><a href="/account/devices"><xsl:value-of select="k:t('devices.back_list')"/></a></p>
</xsl:template>
</xsl:stylesheet>
