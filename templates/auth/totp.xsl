<?xml version="1.0" encoding="UTF-8"?>
<!-- Adding an authenticator app: the password again when it is due, then the QR code, the
     secret for typing in, and the first code that confirms it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/totp']" mode="main">
  <h1><xsl:value-of select="k:t('totp.title')"/></h1>
  <xsl:choose>
    <xsl:when test="reauth">
      <form method="post" action="/account/2fa/totp" class="card narrow">
        <xsl:call-template name="csrf"/>
        <p><xsl:value-of select="k:t('totp.reauth')"/></p>
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'password'"/>
          <xsl:with-param name="label" select="'twofa.password.label'"/>
          <xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="autocomplete" select="'current-password'"/>
        </xsl:call-template>
        <button type="submit"><xsl:value-of select="k:t('totp.reauth.submit')"/></button>
      </form>
    </xsl:when>
    <xsl:otherwise>
      <section class="card" aria-labelledby="totp-scan">
        <h2 id="totp-scan"><xsl:value-of select="k:t('totp.step.scan')"/></h2>
        <p><xsl:value-of select="k:t('totp.scan.explain')"/></p>
        <xsl:call-template name="qr">
          <xsl:with-param name="qr" select="totp/qr"/>
          <xsl:with-param name="label" select="'totp.qr.label'"/>
        </xsl:call-template>
        <p class="no-print"><a href="{totp/@uri}"><xsl:value-of select="k:t('totp.open_app')"/></a></p>
      </section>
      <section class="card" aria-labelledby="totp-manual">
        <h2 id="totp-manual"><xsl:value-of select="k:t('totp.step.manual')"/></h2>
        <p id="totp-secret-label"><xsl:value-of select="k:t('totp.manual.explain')"/></p>
        <p><code id="totp-secret" class="secret" aria-labelledby="totp-secret-label"
                 data-copy-value="{totp/@secret}"><xsl:value-of select="totp/@grouped"/></code></p>
        <p><button type="button" class="secondary" data-copy="#totp-secret"><xsl:value-of select="k:t('totp.copy')"/></button></p>
        <dl class="facts">
          <dt><xsl:value-of select="k:t('totp.fact.account')"/></dt><dd><xsl:value-of select="totp/@account"/></dd>
          <dt><xsl:value-of select="k:t('totp.fact.issuer')"/></dt><dd><xsl:value-of select="totp/@issuer"/></dd>
          <dt><xsl:value-of select="k:t('totp.fact.kind')"/></dt><dd><xsl:value-of select="k:t('totp.fact.kind.value')"/></dd>
        </dl>
      </section>
      <form method="post" action="/account/2fa/totp" class="card narrow" aria-labelledby="totp-confirm">
        <xsl:call-template name="csrf"/>
        <h2 id="totp-confirm"><xsl:value-of select="k:t('totp.step.confirm')"/></h2>
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'code'"/>
          <xsl:with-param name="label" select="'totp.code.label'"/>
          <xsl:with-param name="hint" select="'totp.code.hint'"/>
          <xsl:with-param name="autocomplete" select="'one-time-code'"/>
          <xsl:with-param name="maxlength" select="'20'"/>
        </xsl:call-template>
        <button type="submit"><xsl:value-of select="k:t('totp.confirm')"/></button>
      </form>
    </xsl:otherwise>
  </xsl:choose>
  <p><a href="/account/2fa"><xsl:value-of select="k:t('totp.cancel')"/></a></p>
</xsl:template>
</xsl:stylesheet>
