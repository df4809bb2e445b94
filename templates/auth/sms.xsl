<?xml version="1.0" encoding="UTF-8"?>
<!-- SMS codes: the number codes go to, the code sent to a number being enrolled, and the
     form for a (new) number. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/sms']" mode="main">
  <h1><xsl:value-of select="k:t('sms.title')"/></h1>
  <xsl:if test="sms/current">
    <p><xsl:value-of select="k:t('sms.current', string(sms/current/@phone-end))"/></p>
  </xsl:if>

  <xsl:if test="sms/pending">
    <section class="card narrow" aria-labelledby="sms-code-h">
      <h2 id="sms-code-h"><xsl:value-of select="k:t('sms.code.title')"/></h2>
      <p><xsl:value-of select="k:t('sms.code.sent_to', string(sms/pending/@phone-end))"/></p>
      <form method="post" action="/account/2fa/sms/confirm">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="factor" value="{sms/pending/@id}"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'code'"/>
          <xsl:with-param name="label" select="'sms.code.label'"/>
          <xsl:with-param name="hint" select="'sms.code.hint'"/>
          <xsl:with-param name="autocomplete" select="'one-time-code'"/>
          <xsl:with-param name="maxlength" select="'20'"/>
        </xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="k:t('sms.code.submit')"/></button>
      </form>
      <form method="post" action="/account/2fa/sms/resend" class="inline">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="factor" value="{sms/pending/@id}"/>
        <button type="submit" class="link"><xsl:value-of select="k:t('sms.code.resend')"/></button>
      </form>
    </section>
  </xsl:if>

  <section class="card narrow" aria-labelledby="sms-phone-h">
    <h2 id="sms-phone-h">
      <xsl:choose>
        <xsl:when test="sms/current or sms/pending"><xsl:value-of select="k:t('sms.phone.other')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="k:t('sms.phone.title')"/></xsl:otherwise>
      </xsl:choose>
    </h2>
    <xsl:if test="sms/current">
      <p class="hint"><xsl:value-of select="k:t('sms.phone.replace')"/></p>
    </xsl:if>
    <form method="post" action="/account/2fa/sms">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="label" select="'sms.phone.label'"/>
        <xsl:with-param name="type" select="'tel'"/>
        <xsl:with-param name="value" select="sms/@phone"/>
        <xsl:with-param name="hint" select="'sms.phone.hint'"/>
        <xsl:with-param name="autocomplete" select="'tel'"/>
        <xsl:with-param name="maxlength" select="'40'"/>
      </xsl:call-template>
      <xsl:if test="sms/@reauth">
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'password'"/>
          <xsl:with-param name="label" select="'field.confirm_password'"/>
          <xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="autocomplete" select="'current-password'"/>
          <xsl:with-param name="hint" select="'sms.password.hint'"/>
        </xsl:call-template>
      </xsl:if>
      <button type="submit" class="primary"><xsl:value-of select="k:t('sms.phone.submit')"/></button>
    </form>
  </section>
  <p><a href="/account/security"><xsl:value-of select="k:t('sms.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
