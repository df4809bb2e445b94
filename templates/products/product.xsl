<?xml version="1.0" encoding="UTF-8"?>
<!-- One product: holder, managing organization and payer side by side, with the principle
     that neither paying nor managing makes one the owner (fcgi/products/product.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='products/product']" mode="main">
  <xsl:variable name="p" select="product"/>
  <h1><xsl:value-of select="$p/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'products'"/></xsl:call-template>
  <dl class="facts">
    <dt><xsl:value-of select="k:t('products.kind')"/></dt><dd><xsl:value-of select="k:t(concat('kind.', $p/@kind))"/></dd>
    <dt><xsl:value-of select="k:t('products.status')"/></dt><dd><xsl:value-of select="k:t(concat('products.status.', $p/@status))"/></dd>
    <dt><xsl:value-of select="k:t('products.expires')"/></dt><dd><xsl:value-of select="k:date($p/@expires)"/></dd>
    <dt><xsl:value-of select="k:t('products.auto_renew')"/></dt><dd><xsl:choose><xsl:when test="$p/@auto_renew"><xsl:value-of select="k:t('products.yes')"/></xsl:when><xsl:otherwise><xsl:value-of select="k:t('products.no')"/></xsl:otherwise></xsl:choose></dd>
  </dl>
  <h2 id="tags-h"><xsl:value-of select="k:t('tag.tags')"/></h2>
  <ul class="tags" aria-labelledby="tags-h">
    <xsl:for-each select="$p/tags/tag">
      <li>
        <xsl:call-template name="tag-chip"><xsl:with-param name="href" select="concat('/orgs/', /page/org/@id, '/products?tag=', @id)"/></xsl:call-template>
        <xsl:if test="/page/org/@manages">
          <form method="post" action="/orgs/{/page/org/@id}/products/{$p/@id}/tags/{@id}/remove" class="inline">
            <xsl:call-template name="csrf"/>
            <input type="hidden" name="back" value="product"/>
            <button type="submit" class="link" aria-label="{k:t('tag.remove_named', string(name))}">×</button>
          </form>
        </xsl:if>
      </li>
    </xsl:for-each>
    <xsl:if test="not($p/tags/tag)"><li class="hint"><xsl:value-of select="k:t('tag.none_on_product')"/></li></xsl:if>
  </ul>
  <xsl:if test="org/@manages">
    <xsl:call-template name="tag-picker">
      <xsl:with-param name="id" select="'tag'"/>
      <xsl:with-param name="action" select="concat('/orgs/', org/@id, '/products/', $p/@id, '/tags')"/>
      <xsl:with-param name="label" select="k:t('tag.add_to', string($p/name))"/>
      <xsl:with-param name="back" select="'product'"/>
    </xsl:call-template>
  </xsl:if>
  <h2><xsl:value-of select="k:t('product.who')"/></h2>
  <p class="card explain"><xsl:value-of select="k:t('product.principle')"/></p>
  <div class="cards three">
    <section class="card" aria-labelledby="holder-h">
      <h3 id="holder-h"><xsl:value-of select="k:t('product.holder')"/></h3>
      <p class="hint"><xsl:value-of select="k:t(concat('product.holder_is.', $p/@kind))"/></p>
      <xsl:for-each select="$p/holder">
        <p><xsl:value-of select="@name"/>
          <xsl:if test="@organization != ''"><br/><xsl:value-of select="@organization"/></xsl:if>
          <xsl:if test="@street != ''"><br/><xsl:value-of select="@street"/></xsl:if>
          <xsl:if test="@city != ''"><br/><xsl:value-of select="@postcode"/><xsl:text> </xsl:text><xsl:value-of select="@city"/></xsl:if>
          <xsl:if test="@country != ''"><br/><xsl:value-of select="k:t(concat('country.', @country))"/></xsl:if>
          <xsl:if test="@email != ''"><br/><xsl:value-of select="@email"/></xsl:if></p>
      </xsl:for-each>
    </section>
    <section class="card" aria-labelledby="manager-h">
      <h3 id="manager-h"><xsl:value-of select="k:t('product.manager')"/></h3>
      <p class="hint"><xsl:value-of select="k:t('product.manager_is')"/></p>
      <p><a href="/orgs/{$p/manager/@id}"><xsl:value-of select="$p/manager/name"/></a></p>
    </section>
    <section class="card" aria-labelledby="payer-h">
      <h3 id="payer-h"><xsl:value-of select="k:t('product.payer')"/></h3>
      <p class="hint"><xsl:value-of select="k:t('product.payer_is')"/></p>
      <p><xsl:value-of select="$p/payer/name"/>
        <xsl:if test="$p/payer/@self"><xsl:text> </xsl:text><small>(<xsl:value-of select="k:t('product.payer_self')"/>)</small></xsl:if></p>
    </section>
  </div>
  <xsl:if test="org/@manages">
    <details class="picker">
      <xsl:if test="/page/error"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
      <summary><xsl:value-of select="k:t('product.edit_holder')"/></summary>
      <form method="post" action="/orgs/{org/@id}/products/{$p/@id}/holder" class="card" novalidate="novalidate">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'product.holder_name'"/><xsl:with-param name="value" select="$p/holder/@name"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name" select="'organization'"/><xsl:with-param name="label" select="'product.holder_organization'"/><xsl:with-param name="value" select="$p/holder/@organization"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name" select="'email'"/><xsl:with-param name="label" select="'field.email'"/><xsl:with-param name="type" select="'email'"/><xsl:with-param name="value" select="$p/holder/@email"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name" select="'street'"/><xsl:with-param name="label" select="'field.street'"/><xsl:with-param name="value" select="$p/holder/@street"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
        <div class="row">
          <xsl:call-template name="field"><xsl:with-param name="name" select="'postcode'"/><xsl:with-param name="label" select="'field.postcode'"/><xsl:with-param name="value" select="$p/holder/@postcode"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="name" select="'city'"/><xsl:with-param name="label" select="'field.city'"/><xsl:with-param name="value" select="$p/holder/@city"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
        </div>
        <xsl:call-template name="country-field"><xsl:with-param name="value" select="$p/holder/@country"/></xsl:call-template>
        <button type="submit"><xsl:value-of select="k:t('product.holder_save')"/></button>
      </form>
    </details>
  </xsl:if>
  <p><a href="/orgs/{org/@id}/products"><xsl:value-of select="k:t('product.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
