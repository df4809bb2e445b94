<?xml version="1.0" encoding="UTF-8"?>
<!-- A registration after the QR code: waiting for the device (the page refreshes itself),
     the first code the device shows, or what became of it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/device_confirm']" mode="main">
  <h1><xsl:value-of select="k:t('devices.confirm.title')"/></h1>
  <xsl:variable name="state" select="registration/@state"/>
  <xsl:choose>
    <xsl:when test="$state = 'waiting'">
      <p class="msg info" role="status"><xsl:value-of select="k:t('devices.confirm.waiting')"/></p>
      <p><a href="/account/devices/registrations/{registration/@id}"><xsl:value-of select="k:t('devices.confirm.check')"/></a></p>
    </xsl:when>
    <xsl:when test="$state = 'confirm'">
      <form method="post" action="/account/devices/registrations/{registration/@id}" class="card narrow">
        <p><xsl:value-of select="k:t('devices.confirm.registered', string(registration/label))"/></p>
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'code'"/>
          <xsl:with-param name="label" select="'devices.confirm.code'"/>
          <xsl:with-param name="hint" select="'devices.confirm.code_hint'"/>
          <xsl:with-param name="autocomplete" select="'one-time-code'"/>
          <xsl:with-param name="maxlength" select="'20'"/>
        </xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="k:t('devices.confirm.submit')"/></button>
      </form>
    </xsl:when>
    <xsl:otherwise>
      <p class="msg info" role="status"><xsl:value-of select="k:t(concat('devices.confirm.', $state))"/></p>
    </xsl:otherwise>
  </xsl:choose>
  <p><a href="/account/devices"><xsl:value-of select="k:t('devices.back_list')"/></a></p>
</xsl:template>
</xsl:stylesheet>
