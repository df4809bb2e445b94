<?xml version="1.0" encoding="UTF-8"?>
<!-- The invitation link's page: accept (logged in), log in first (an account exists), or
     create an account for the invited address (fcgi/org/page_invitation.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='org/invitation']" mode="main">
  <h1><xsl:value-of select="k:t('invitation.title')"/></h1>
  <xsl:if test="gone"><p><a href="/"><xsl:value-of select="k:t('invitation.to_home')"/></a></p></xsl:if>
  <xsl:for-each select="invitation">
    <p><xsl:value-of select="k:t('invitation.text', string(organization))"/></p>
    <dl class="facts">
      <dt><xsl:value-of select="k:t('field.role')"/></dt><dd><xsl:value-of select="k:t(concat('role.', @role))"/></dd>
      <dt><xsl:value-of select="k:t('invitation.for')"/></dt><dd><xsl:value-of select="email"/></dd>
      <xsl:if test="inviter != ''"><dt><xsl:value-of select="k:t('invitation.by')"/></dt><dd><xsl:value-of select="inviter"/></dd></xsl:if>
    </dl>
    <xsl:choose>
      <xsl:when test="/page/user and @other_account">
        <p class="msg error" role="alert"><xsl:value-of select="k:t('invitation.other_account', string(email))"/></p>
        <form method="post" action="/logout" class="card">
          <xsl:call-template name="csrf"/>
          <button type="submit"><xsl:value-of select="k:t('invitation.log_out')"/></button>
        </form>
      </xsl:when>
      <xsl:when test="/page/user">
        <form method="post" action="/invitation/accept" class="card">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="token" value="{@token}"/>
          <p><xsl:value-of select="k:t('invitation.accept_as', string(/page/user/@email))"/></p>
          <button type="submit"><xsl:value-of select="k:t('invitation.accept')"/></button>
        </form>
      </xsl:when>
      <xsl:when test="@has_account">
        <p><xsl:value-of select="k:t('invitation.has_account')"/></p>
        <p><a class="button" href="/login"><xsl:value-of select="k:t('login.submit')"/></a></p>
      </xsl:when>
      <xsl:otherwise>
        <h2 id="register-heading"><xsl:value-of select="k:t('invitation.register')"/></h2>
        <form method="post" action="/invitation/register" class="card" aria-labelledby="register-heading" novalidate="novalidate">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="token" value="{@token}"/>
          <xsl:call-template name="field">
            <xsl:with-param name="name" select="'name'"/>
            <xsl:with-param name="label" select="'field.your_name'"/>
            <xsl:with-param name="value" select="@name"/>
            <xsl:with-param name="autocomplete" select="'name'"/>
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
          <button type="submit"><xsl:value-of select="k:t('invitation.register_accept')"/></button>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:for-each>
</xsl:template>
</xsl:stylesheet>
