<?xml version="1.0" encoding="UTF-8"?>
<!-- "My password may be compromised": a new password, and everything else that opens the
     account ends in the same step (fcgi/auth/password.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/compromised']" mode="main">
  <h1><xsl:value-of select="k:t('compromised.title')"/></h1>
  <section class="card explain" aria-labelledby="compromised-what">
    <h2 id="compromised-what"><xsl:value-of select="k:t('compromised.what')"/></h2>
    <ul>
      <li><xsl:value-of select="k:t('compromised.what.password')"/></li>
      <li><xsl:value-of select="k:t('compromised.what.sessions')"/></li>
      <li><xsl:value-of select="k:t('compromised.what.app_passwords')"/></li>
      <li><xsl:value-of select="k:t('compromised.what.tokens')"/></li>
    </ul>
    <p class="hint"><xsl:value-of select="k:t('compromised.after')"/></p>
  </section>
  <form method="post" action="/account/compromised" class="card narrow">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'current'"/>
      <xsl:with-param name="label" select="'field.current_password'"/>
      <xsl:with-param name="type" select="'password'"/>
      <xsl:with-param name="autocomplete" select="'current-password'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'password'"/>
      <xsl:with-param name="label" select="'field.new_password'"/>
      <xsl:with-param name="type" select="'password'"/>
      <xsl:with-param name="autocomplete" select="'new-password'"/>
      <xsl:with-param name="hint" select="'password.rules'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'password2'"/>
      <xsl:with-param name="label" select="'field.new_password2'"/>
      <xsl:with-param name="type" select="'password'"/>
      <xsl:with-param name="autocomplete" select="'new-password'"/>
    </xsl:call-template>
    <button type="submit" class="danger"><xsl:value-of select="k:t('compromised.submit')"/></button>
  </form>
</xsl:template>
</xsl:stylesheet>
