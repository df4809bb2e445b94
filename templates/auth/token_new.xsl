<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/token_new']" mode="main">
  <h1><xsl:value-of select="k:t('token_new.title')"/></h1>
  <form method="post" action="/account/tokens" class="card">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="'field.token_name'"/>
      <xsl:with-param name="value" select="form/@name"/>
      <xsl:with-param name="hint" select="'token_new.name_hint'"/>
    </xsl:call-template>

    <fieldset>
      <legend><xsl:value-of select="k:t('token_new.scopes')"/></legend>
      <xsl:for-each select="scopes/scope">
        <div class="check">
          <input type="checkbox" id="f-{@field}" name="{@field}" value="1">
            <xsl:if test="@checked"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <label for="f-{@field}"><xsl:value-of select="k:t(concat('scope.', @name))"/>
            <xsl:text> </xsl:text><code><xsl:value-of select="@name"/></code></label>
        </div>
      </xsl:for-each>
    </fieldset>

    <fieldset>
      <legend><xsl:value-of select="k:t('token_new.products')"/></legend>
      <div class="check">
        <input type="radio" id="f-products-all" name="products_mode" value="all">
          <xsl:if test="form/@products_mode = 'all'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-products-all"><xsl:value-of select="k:t('token_new.products_all')"/></label>
      </div>
      <xsl:choose>
        <xsl:when test="products/product">
          <div class="check">
            <input type="radio" id="f-products-chosen" name="products_mode" value="chosen">
              <xsl:if test="form/@products_mode = 'chosen'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <label for="f-products-chosen"><xsl:value-of select="k:t('token_new.products_chosen')"/></label>
          </div>
          <div class="choices">
            <xsl:for-each select="products/product">
              <div class="check">
                <input type="checkbox" id="f-product-{@id}" name="products" value="{@id}">
                  <xsl:if test="@checked"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>
                <label for="f-product-{@id}"><xsl:value-of select="name"/>
                  <xsl:text> </xsl:text><small>(<xsl:value-of select="organization"/>)</small></label>
              </div>
            </xsl:for-each>
          </div>
        </xsl:when>
        <xsl:otherwise><p class="hint"><xsl:value-of select="k:t('token_new.products_none')"/></p></xsl:otherwise>
      </xsl:choose>
    </fieldset>

    <fieldset>
      <legend><xsl:value-of select="k:t('token_new.validity')"/></legend>
      <div class="check">
        <input type="radio" id="f-validity-unlimited" name="validity" value="unlimited">
          <xsl:if test="form/@validity = 'unlimited'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-validity-unlimited"><xsl:value-of select="k:t('token_new.unlimited')"/></label>
      </div>
      <div class="check">
        <input type="radio" id="f-validity-until" name="validity" value="until">
          <xsl:if test="form/@validity = 'until'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-validity-until"><xsl:value-of select="k:t('token_new.until')"/></label>
      </div>
      <div class="field">
        <label for="f-expires"><xsl:value-of select="k:t('field.expires')"/></label>
        <input id="f-expires" name="expires" type="date" value="{form/@expires}"/>
      </div>
    </fieldset>

    <xsl:if test="form/@reauth">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'password'"/>
        <xsl:with-param name="label" select="'field.confirm_password'"/>
        <xsl:with-param name="type" select="'password'"/>
        <xsl:with-param name="autocomplete" select="'current-password'"/>
        <xsl:with-param name="hint" select="'token_new.password_hint'"/>
      </xsl:call-template>
    </xsl:if>
    <button type="submit" class="primary"><xsl:value-of select="k:t('token_new.submit')"/></button>
  </form>
</xsl:template>
</xsl:stylesheet>
