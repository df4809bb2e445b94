<?xml version="1.0" encoding="UTF-8"?>
<!-- The login's second step: a code, and every other way the user has. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/login_2fa']" mode="main">
  <h1><xsl:value-of select="k:t('twofa.login.title')"/></h1>
  <form method="post" action="/login/2fa" class="card narrow">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'code'"/>
      <xsl:with-param name="label" select="'twofa.code.label'"/>
      <xsl:with-param name="hint" select="'twofa.code.hint'"/>
      <xsl:with-param name="autocomplete" select="'one-time-code'"/>
      <xsl:with-param name="maxlength" select="'20'"/>
    </xsl:call-template>
    <button type="submit" class="primary"><xsl:value-of select="k:t('twofa.code.submit')"/></button>
  </form>
  <section class="card narrow" aria-labelledby="other-ways">
    <h2 id="other-ways"><xsl:value-of select="k:t('twofa.login.other')"/></h2>
    <ul class="plain">
      <!-- sms: begin -->
      <xsl:if test="factors/@sms">
        <li>
          <form method="post" action="/login/2fa/sms" class="inline">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="link"><xsl:value-of select="k:t('sms.login.send', string(factors/factor[@kind = 'sms']/@phone-end))"/></button>
          </form>
        </li>
      </xsl:if>
      <!-- sms: end -->

      <!-- devices: begin -->
      <xsl:if test="factors/@device">
        <li>
          <form method="post" action="/login/2fa/device" class="inline">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="secondary"><xsl:value-of select="k:t('devices.login.approve')"/></button>
          </form>
          <xsl:text> </xsl:text><xsl:value-of select="k:t('devices.login.approve_hint')"/>
        </li>
      </xsl:if>
      <!-- devices: end -->

      <xsl:if test="factors/emergency/@left &gt; 0">
        <li><xsl:value-of select="k:t('twofa.login.emergency')"/></li>
      </xsl:if>
      <!-- recovery: begin -->
      <li><a href="/login/recovery"><xsl:value-of select="k:t('recovery.link')"/></a></li>
      <!-- recovery: end -->
    </ul>
    <form method="post" action="/login/2fa/cancel" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="link"><xsl:value-of select="k:t('twofa.login.cancel')"/></button>
    </form>
  </section>
</xsl:template>
</xsl:stylesheet>
