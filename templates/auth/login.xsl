<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/login']" mode="main">
  <h1><xsl:value-of select="k:t('login.title')"/></h1>
  <form method="post" action="/login" class="card narrow">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'email'"/>
      <xsl:with-param name="label" select="'field.email'"/>
      <xsl:with-param name="type" select="'email'"/>
      <xsl:with-param name="autocomplete" select="'username'"/>
      <xsl:with-param name="value" select="form/@email"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'password'"/>
      <xsl:with-param name="label" select="'field.password'"/>
      <xsl:with-param name="type" select="'password'"/>
      <xsl:with-param name="autocomplete" select="'current-password'"/>
    </xsl:call-template>
    <button type="submit" class="primary"><xsl:value-of select="k:t('login.submit')"/></button>
  </form>
  <p><a href="/reset"><xsl:value-of select="k:t('login.forgot')"/></a></p>
</xsl:template>
</xsl:stylesheet>
