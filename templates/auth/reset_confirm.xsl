<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/reset_confirm']" mode="main">
  <h1><xsl:value-of select="k:t('reset.new_title')"/></h1>
  <xsl:choose>
    <xsl:when test="reset/@token">
      <form method="post" action="/reset/confirm" class="card narrow">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="token" value="{reset/@token}"/>
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
        <button type="submit" class="primary"><xsl:value-of select="k:t('reset.save')"/></button>
      </form>
    </xsl:when>
    <xsl:otherwise>
      <p><a href="/reset"><xsl:value-of select="k:t('reset.again')"/></a></p>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
