<?xml version="1.0" encoding="UTF-8"?>
<!-- Billing addresses: the list with the form for a new one, or one address's form
     (fcgi/org/page_billing.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='org/billing']" mode="main">
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'billing'"/></xsl:call-template>
  <xsl:choose>
    <xsl:when test="edit">
      <h2 id="form-heading"><xsl:value-of select="k:t('billing.edit_title')"/></h2>
      <xsl:call-template name="address-form">
        <xsl:with-param name="action" select="concat('/orgs/', org/@id, '/billing/', edit/address/@id)"/>
        <xsl:with-param name="a" select="edit/address"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:otherwise>
      <xsl:choose>
        <xsl:when test="addresses/address">
          <ul class="cards">
            <xsl:for-each select="addresses/address">
              <li class="card">
                <h2 class="h3"><xsl:value-of select="@name"/>
                  <xsl:if test="@default"><xsl:text> </xsl:text><span class="badge"><xsl:value-of select="k:t('billing.default')"/></span></xsl:if></h2>
                <p><xsl:value-of select="@street"/><br/><xsl:value-of select="@postcode"/><xsl:text> </xsl:text><xsl:value-of select="@city"/><br/>
                  <xsl:value-of select="k:t(concat('country.', @country))"/></p>
                <xsl:if test="@vat_number != ''">
                  <p><xsl:value-of select="k:t('field.vat_number')"/>: <xsl:value-of select="@vat_number"/><xsl:text> </xsl:text>
                    <span class="badge vat-{@vat_status}"><xsl:value-of select="k:t(concat('vat.status.', @vat_status))"/></span></p>
                </xsl:if>
                <xsl:if test="/page/org/@manages">
                  <p class="actions">
                    <a href="/orgs/{/page/org/@id}/billing/{@id}" aria-label="{k:t('billing.edit_named', string(@name))}"><xsl:value-of select="k:t('billing.edit')"/></a>
                    <xsl:if test="not(@default)">
                      <form method="post" action="/orgs/{/page/org/@id}/billing/{@id}/default" class="inline">
                        <xsl:call-template name="csrf"/>
                        <button type="submit" class="secondary" aria-label="{k:t('billing.make_default_named', string(@name))}"><xsl:value-of select="k:t('billing.make_default')"/></button>
                      </form>
                    </xsl:if>
                    <form method="post" action="/orgs/{/page/org/@id}/billing/{@id}/delete" class="inline">
                      <xsl:call-template name="csrf"/>
                      <button type="submit" class="secondary" aria-label="{k:t('billing.delete_named', string(@name))}"><xsl:value-of select="k:t('billing.delete')"/></button>
                    </form>
                  </p>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p><xsl:value-of select="k:t('billing.none')"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="org/@manages">
        <h2 id="form-heading"><xsl:value-of select="k:t('billing.add')"/></h2>
        <xsl:call-template name="address-form">
          <xsl:with-param name="action" select="concat('/orgs/', org/@id, '/billing')"/>
          <xsl:with-param name="a" select="/page/nothing"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The address form: values as sent (after a refusal), else as stored ($a), else empty. -->
<xsl:template name="address-form">
  <xsl:param name="action"/>
  <xsl:param name="a"/>
  <xsl:variable name="v" select="/page/form | $a[not(/page/form)]"/>
  <form method="post" action="{$action}" class="card" aria-labelledby="form-heading" novalidate="novalidate">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="'field.billing_name'"/>
      <xsl:with-param name="value" select="$v/@name"/>
      <xsl:with-param name="autocomplete" select="'organization'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'street'"/>
      <xsl:with-param name="label" select="'field.street'"/>
      <xsl:with-param name="value" select="$v/@street"/>
      <xsl:with-param name="autocomplete" select="'street-address'"/>
    </xsl:call-template>
    <div class="row">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'postcode'"/>
        <xsl:with-param name="label" select="'field.postcode'"/>
        <xsl:with-param name="value" select="$v/@postcode"/>
        <xsl:with-param name="autocomplete" select="'postal-code'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'city'"/>
        <xsl:with-param name="label" select="'field.city'"/>
        <xsl:with-param name="value" select="$v/@city"/>
        <xsl:with-param name="autocomplete" select="'address-level2'"/>
      </xsl:call-template>
    </div>
    <xsl:call-template name="country-field">
      <xsl:with-param name="value" select="string($v/@country | /page/coords[not($v/@country)]/@country)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'vat_number'"/>
      <xsl:with-param name="label" select="'field.vat_number'"/>
      <xsl:with-param name="value" select="$v/@vat_number"/>
      <xsl:with-param name="required" select="false()"/>
      <xsl:with-param name="hint" select="'org.vat_hint'"/>
    </xsl:call-template>
    <div class="check">
      <input type="checkbox" id="f-default" name="default" value="1">
        <xsl:if test="$v/@default"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <label for="f-default"><xsl:value-of select="k:t('billing.is_default')"/></label>
    </div>
    <button type="submit"><xsl:value-of select="k:t('billing.save')"/></button>
  </form>
</xsl:template>
</xsl:stylesheet>
