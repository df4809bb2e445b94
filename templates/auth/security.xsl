<?xml version="1.0" encoding="UTF-8"?>
<!-- The security page: how the user logs in, and the way to each security feature. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/security']" mode="main">
  <h1><xsl:value-of select="k:t('security.title')"/></h1>

  <section class="card" aria-labelledby="sec-2fa">
    <h2 id="sec-2fa"><xsl:value-of select="k:t('security.twofa')"/></h2>
    <xsl:choose>
      <xsl:when test="factors/@enabled">
        <p class="status ok"><xsl:value-of select="k:t('security.twofa.on')"/></p>
        <ul class="plain">
          <xsl:for-each select="factors/factor">
            <li>
              <xsl:value-of select="k:t(concat('factor.', @kind))"/>
              <xsl:if test="label != ''"> · <xsl:value-of select="label"/></xsl:if>
              <xsl:if test="@phone-end"> · <xsl:value-of select="k:t('factor.phone_end', string(@phone-end))"/></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
        <p>
          <xsl:value-of select="k:t('security.emergency.left', string(factors/emergency/@left))"/>
        </p>
        <xsl:if test="factors/emergency/@left &lt;= 3">
          <p class="msg warning" role="status"><xsl:value-of select="k:t('security.emergency.few')"/></p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="status off"><xsl:value-of select="k:t('security.twofa.off')"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <!-- totp and emergency codes: begin -->
    <p><a href="/account/2fa"><xsl:choose>
      <xsl:when test="factors/@enabled"><xsl:value-of select="k:t('twofa.manage')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="k:t('twofa.turn_on')"/></xsl:otherwise>
    </xsl:choose></a></p>
    <!-- totp and emergency codes: end -->

    <!-- sms: begin -->
    <p><a href="/account/2fa/sms"><xsl:choose>
      <xsl:when test="factors/@sms"><xsl:value-of select="k:t('sms.security.change')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="k:t('sms.security.add')"/></xsl:otherwise>
    </xsl:choose></a></p>
    <!-- sms: end -->

    <!-- devices: begin -->
    <p><a href="/account/devices"><xsl:value-of select="k:t('devices.manage')"/></a></p>
    <!-- devices: end -->
  </section>

  <section class="card" aria-labelledby="sec-password">
    <h2 id="sec-password"><xsl:value-of select="k:t('security.password')"/></h2>
    <p><a href="/account/password"><xsl:value-of select="k:t('security.password.change')"/></a></p>
    <!-- sessions and log: begin -->
    <p><a href="/account/compromised"><xsl:value-of select="k:t('security.compromised')"/></a></p>
  </section>

  <section class="card" aria-labelledby="sec-sessions">
    <h2 id="sec-sessions"><xsl:value-of select="k:t('security.sessions')"/></h2>
    <ul class="plain">
      <li><a href="/account/sessions"><xsl:value-of select="k:t('security.sessions.manage')"/></a></li>
      <li><a href="/account/security/log"><xsl:value-of select="k:t('security.log')"/></a></li>
    </ul>
    <!-- sessions and log: end -->
  </section>

  <!-- application passwords: begin -->
  <section class="card" aria-labelledby="sec-apppw">
    <h2 id="sec-apppw"><xsl:value-of select="k:t('apppw.title')"/></h2>
    <p><xsl:value-of select="k:t('apppw.security.intro')"/></p>
    <p><a href="/account/app-passwords"><xsl:value-of select="k:t('apppw.security.manage')"/></a></p>
  </section>
  <!-- application passwords: end -->

  <section class="card" aria-labelledby="sec-tokens">
    <h2 id="sec-tokens"><xsl:value-of select="k:t('nav.tokens')"/></h2>
    <p><a href="/account/tokens"><xsl:value-of select="k:t('security.tokens.manage')"/></a></p>
  </section>
</xsl:template>
</xsl:stylesheet>
