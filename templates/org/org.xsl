<?xml version="1.0" encoding="UTF-8"?>
<!-- The organization's coordinates: shown to every member, a form for administrators and
     legal representatives (fcgi/org/page_org.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='org/org']" mode="main">
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'org'"/></xsl:call-template>
  <p class="hint"><xsl:value-of select="k:t('org.your_role', k:t(concat('role.', org/@role)))"/></p>
  <xsl:choose>
    <xsl:when test="org/@manages"><xsl:apply-templates select="coords" mode="org-form"/></xsl:when>
    <xsl:otherwise><xsl:apply-templates select="coords" mode="org-show"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template match="coords" mode="org-show">
  <dl class="facts">
    <dt><xsl:value-of select="k:t('field.org_name')"/></dt><dd><xsl:value-of select="@name"/></dd>
    <dt><xsl:value-of select="k:t('field.entity_type')"/></dt><dd><xsl:value-of select="k:t(concat('entity.', @entity_type))"/></dd>
    <dt><xsl:value-of select="k:t('field.country')"/></dt><dd><xsl:value-of select="k:t(concat('country.', @country))"/></dd>
    <dt><xsl:value-of select="k:t('field.address')"/></dt><dd><xsl:value-of select="@street"/><xsl:text> </xsl:text><xsl:value-of select="@postcode"/><xsl:text> </xsl:text><xsl:value-of select="@city"/></dd>
    <dt><xsl:value-of select="k:t('field.phone')"/></dt><dd><xsl:value-of select="@phone"/></dd>
    <dt><xsl:value-of select="k:t('field.email')"/></dt><dd><xsl:value-of select="@email"/></dd>
    <dt><xsl:value-of select="k:t('field.vat_number')"/></dt><dd><xsl:value-of select="@vat_number"/>
      <xsl:if test="@vat_number != ''"><xsl:text> </xsl:text><span class="badge vat-{@vat_status}"><xsl:value-of select="k:t(concat('vat.status.', @vat_status))"/></span></xsl:if></dd>
    <xsl:if test="@uid_number != ''">
      <dt><xsl:value-of select="k:t('field.uid_number')"/></dt><dd><xsl:value-of select="@uid_number"/></dd>
    </xsl:if>
  </dl>
</xsl:template>

<xsl:template match="coords" mode="org-form">
  <form method="post" action="/orgs/{/page/org/@id}" class="card" novalidate="novalidate">
    <xsl:call-template name="csrf"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="'field.org_name'"/>
      <xsl:with-param name="value" select="@name"/>
      <xsl:with-param name="maxlength" select="200"/>
    </xsl:call-template>
    <div class="field">
      <label for="f-entity_type"><xsl:value-of select="k:t('field.entity_type')"/></label>
      <select id="f-entity_type" name="entity_type">
        <xsl:variable name="type" select="@entity_type"/>
        <xsl:for-each select="/page/entities/e">
          <option value="{@name}">
            <xsl:if test="@name = $type"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="k:t(concat('entity.', @name))"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-error"><xsl:with-param name="name" select="'entity_type'"/></xsl:call-template>
    </div>
    <xsl:call-template name="country-field"><xsl:with-param name="value" select="@country"/></xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'street'"/>
      <xsl:with-param name="label" select="'field.street'"/>
      <xsl:with-param name="value" select="@street"/>
      <xsl:with-param name="required" select="false()"/>
      <xsl:with-param name="autocomplete" select="'street-address'"/>
    </xsl:call-template>
    <div class="row">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'postcode'"/>
        <xsl:with-param name="label" select="'field.postcode'"/>
        <xsl:with-param name="value" select="@postcode"/>
        <xsl:with-param name="required" select="false()"/>
        <xsl:with-param name="autocomplete" select="'postal-code'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'city'"/>
        <xsl:with-param name="label" select="'field.city'"/>
        <xsl:with-param name="value" select="@city"/>
        <xsl:with-param name="required" select="false()"/>
        <xsl:with-param name="autocomplete" select="'address-level2'"/>
      </xsl:call-template>
    </div>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'phone'"/>
      <xsl:with-param name="label" select="'field.phone'"/>
      <xsl:with-param name="type" select="'tel'"/>
      <xsl:with-param name="value" select="@phone"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'email'"/>
      <xsl:with-param name="label" select="'field.email'"/>
      <xsl:with-param name="type" select="'email'"/>
      <xsl:with-param name="value" select="@email"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'vat_number'"/>
      <xsl:with-param name="label" select="'field.vat_number'"/>
      <xsl:with-param name="value" select="@vat_number"/>
      <xsl:with-param name="required" select="false()"/>
      <xsl:with-param name="hint" select="'org.vat_hint'"/>
    </xsl:call-template>
    <xsl:if test="@vat_number != '' and not(/page/error[@field = 'vat_number'])">
      <p class="hint"><xsl:value-of select="k:t('field.vat_status')"/>: <span class="badge vat-{@vat_status}"><xsl:value-of select="k:t(concat('vat.status.', @vat_status))"/></span></p>
    </xsl:if>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'uid_number'"/>
      <xsl:with-param name="label" select="'field.uid_number'"/>
      <xsl:with-param name="value" select="@uid_number"/>
      <xsl:with-param name="required" select="false()"/>
      <xsl:with-param name="hint" select="'org.uid_hint'"/>
    </xsl:call-template>
    <div class="check">
      <input type="checkbox" id="f-terms" name="terms" value="1" required="required">
        <xsl:if test="/page/error[@field = 'terms']"><xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-terms-error</xsl:attribute></xsl:if>
      </input>
      <label for="f-terms"><xsl:value-of select="k:t('org.terms')"/></label>
    </div>
    <xsl:call-template name="field-error"><xsl:with-param name="name" select="'terms'"/></xsl:call-template>
    <xsl:if test="@terms_accepted">
      <p class="hint"><xsl:value-of select="k:t('org.terms_accepted_on', k:date(@terms_accepted))"/></p>
    </xsl:if>
    <button type="submit"><xsl:value-of select="k:t('org.save')"/></button>
  </form>
</xsl:template>
</xsl:stylesheet>
