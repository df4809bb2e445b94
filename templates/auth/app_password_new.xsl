<?xml version="1.0" encoding="UTF-8"?>
<!-- A new application password: a name, the protocols it may be used for (none: all), an
     optional last valid day, and the account's password when it was given long ago. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/app_password_new']" mode="main">
  <h1><xsl:value-of select="k:t('apppw_new.title')"/></h1>
  <p><xsl:value-of select="k:t('apppw_new.intro')"/></p>
  <form method="post" action="/account/app-passwords/new" class="card">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="'apppw_new.name'"/>
      <xsl:with-param name="value" select="form/@name"/>
      <xsl:with-param name="hint" select="'apppw_new.name_hint'"/>
      <xsl:with-param name="maxlength" select="'100'"/>
    </xsl:call-template>

    <fieldset>
      <legend><xsl:value-of select="k:t('apppw_new.protocols')"/></legend>
      <p class="hint"><xsl:value-of select="k:t('apppw_new.protocols_hint')"/></p>
      <xsl:for-each select="protocols/protocol">
        <div class="check">
          <input type="checkbox" id="f-{@field}" name="{@field}" value="1">
            <xsl:if test="@checked"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <label for="f-{@field}"><xsl:value-of select="k:t(concat('apppw.protocol.', @name))"/></label>
        </div>
      </xsl:for-each>
    </fieldset>

    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'expires'"/>
      <xsl:with-param name="label" select="'apppw_new.expires'"/>
      <xsl:with-param name="type" select="'date'"/>
      <xsl:with-param name="value" select="form/@expires"/>
      <xsl:with-param name="hint" select="'apppw_new.expires_hint'"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>

    <xsl:if test="form/@reauth">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'password'"/>
        <xsl:with-param name="label" select="'field.confirm_password'"/>
        <xsl:with-param name="type" select="'password'"/>
        <xsl:with-param name="autocomplete" select="'current-password'"/>
        <xsl:with-param name="hint" select="'apppw_new.password_hint'"/>
      </xsl:call-template>
    </xsl:if>
    <button type="submit" class="primary"><xsl:value-of select="k:t('apppw_new.submit')"/></button>
  </form>
  <p><a href="/account/app-passwords"><xsl:value-of select="k:t('apppw.back_list')"/></a></p>
</xsl:template>
</xsl:stylesheet>
