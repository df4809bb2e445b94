<?xml version="1.0" encoding="UTF-8"?>
<!-- Removing a second factor, turning 2FA off, or confirming it is you before adding one:
     with the password and a current code. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/twofa_confirm']" mode="main">
  <h1><xsl:value-of select="k:t(@title)"/></h1>
  <form method="post" action="{change/@action}">
    <xsl:attribute name="class"><xsl:choose><xsl:when test="change/@verify">card narrow</xsl:when><xsl:otherwise>card narrow danger</xsl:otherwise></xsl:choose></xsl:attribute>
    <xsl:call-template name="csrf"/>
    <xsl:choose>
      <xsl:when test="change/@kind">
        <p>
          <xsl:value-of select="k:t('twofa.remove.which')"/><xsl:text> </xsl:text>
          <strong><xsl:value-of select="k:t(concat('factor.', change/@kind))"/>
          <xsl:if test="change/label != ''"> · <xsl:value-of select="change/label"/></xsl:if></strong>
          <xsl:text> </xsl:text><xsl:value-of select="k:t('twofa.remove.added', string(change/@created))"/>
        </p>
        <xsl:if test="change/@last">
          <p class="msg warning" role="status"><xsl:value-of select="k:t('twofa.remove.last')"/></p>
        </xsl:if>
      </xsl:when>
      <xsl:when test="change/@verify">
        <p><xsl:value-of select="k:t('twofa.verify.explain')"/></p>
        <input type="hidden" name="next" value="{change/@verify}"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="msg warning" role="status"><xsl:value-of select="k:t('twofa.off.warning')"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'password'"/>
      <xsl:with-param name="label" select="'twofa.password.label'"/>
      <xsl:with-param name="type" select="'password'"/>
      <xsl:with-param name="autocomplete" select="'current-password'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'code'"/>
      <xsl:with-param name="label" select="'twofa.change.code'"/>
      <xsl:with-param name="hint" select="'twofa.change.code.hint'"/>
      <xsl:with-param name="autocomplete" select="'one-time-code'"/>
      <xsl:with-param name="maxlength" select="'20'"/>
    </xsl:call-template>
    <p class="actions">
      <button type="submit">
        <xsl:attribute name="class"><xsl:choose><xsl:when test="change/@verify">primary</xsl:when><xsl:otherwise>danger</xsl:otherwise></xsl:choose></xsl:attribute>
        <xsl:choose>
          <xsl:when test="change/@verify"><xsl:value-of select="k:t('twofa.verify.submit')"/></xsl:when>
          <xsl:when test="change/@kind and not(change/@last)"><xsl:value-of select="k:t('twofa.remove.submit')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="k:t('twofa.off.submit')"/></xsl:otherwise>
        </xsl:choose>
      </button>
      <a href="/account/2fa"><xsl:value-of select="k:t('twofa.change.cancel')"/></a>
    </p>
  </form>
  <!-- A user whose method is SMS needs a code sent to give one. -->
  <xsl:if test="factors/@sms">
    <form method="post" action="/account/2fa/sms/send" class="card narrow">
      <xsl:call-template name="csrf"/>
      <xsl:if test="change/@kind"><input type="hidden" name="factor" value="{substring-before(substring-after(change/@action, '/factors/'), '/')}"/></xsl:if>
      <xsl:if test="change/@verify"><input type="hidden" name="next" value="{change/@verify}"/></xsl:if>
      <button type="submit" class="link"><xsl:value-of select="k:t('sms.login.send', string(factors/factor[@kind = 'sms']/@phone-end))"/></button>
    </form>
  </xsl:if>
</xsl:template>
</xsl:stylesheet>
