<?xml version="1.0" encoding="UTF-8"?>
<!-- The organization's products: filter, sort, pages (fcgi/products/list.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:import href="../layout.xsl"/>
<xsl:template match="page" mode="main">
  <xsl:variable name="l" select="products"/>
  <xsl:variable name="base" select="concat('/orgs/', org/@id, '/products')"/>
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'products'"/></xsl:call-template>
  <form method="get" action="{$base}" class="card filters" role="search" aria-label="{k:t('products.filter')}">
    <div class="row">
      <div class="field">
        <label for="f-search"><xsl:value-of select="k:t('products.search')"/></label>
        <input id="f-search" name="search" type="search" value="{$l/@search}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="k:t('products.kind')"/></label>
        <select id="f-kind" name="kind">
          <option value=""><xsl:value-of select="k:t('products.all_kinds')"/></option>
          <xsl:for-each select="kinds/kind">
            <option value="{@name}"><xsl:if test="@name = $l/@kind"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t(concat('kind.', @name))"/></option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="k:t('products.sort')"/></label>
        <select id="f-sort" name="sort">
          <xsl:for-each select="sorts/s">
            <option value="{@value}"><xsl:if test="@value = $l/@sort"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t(concat('products.sort.', @key))"/></option>
          </xsl:for-each>
        </select>
      </div>
    </div>
    <button type="submit"><xsl:value-of select="k:t('products.apply')"/></button>
  </form>
  <xsl:choose>
    <xsl:when test="$l/product">
      <table class="list stack">
        <caption><xsl:value-of select="k:t('products.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('products.name')"/></th>
          <th scope="col"><xsl:value-of select="k:t('products.kind')"/></th>
          <th scope="col"><xsl:value-of select="k:t('products.status')"/></th>
          <th scope="col"><xsl:value-of select="k:t('products.expires')"/></th>
          <th scope="col"><xsl:value-of select="k:t('products.auto_renew')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="$l/product">
            <tr>
              <th scope="row"><a href="{$base}/{@id}"><xsl:value-of select="name"/></a></th>
              <td><xsl:value-of select="k:t(concat('kind.', @kind))"/></td>
              <td><xsl:value-of select="k:t(concat('products.status.', @status))"/></td>
              <td><xsl:value-of select="k:date(@expires)"/></td>
              <td><xsl:choose><xsl:when test="@auto_renew"><xsl:value-of select="k:t('products.yes')"/></xsl:when><xsl:otherwise><xsl:value-of select="k:t('products.no')"/></xsl:otherwise></xsl:choose></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('products.none')"/></p></xsl:otherwise>
  </xsl:choose>
  <xsl:variable name="q" select="$l/@query"/>
  <nav class="pager" aria-label="{k:t('pager.label')}">
    <xsl:if test="$l/@previous"><a href="{$base}?page={$l/@previous}{$q}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
    <span><xsl:value-of select="k:t('pager.page', string($l/@page))"/></span>
    <xsl:if test="$l/@next"><a href="{$base}?page={$l/@next}{$q}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
  </nav>
</xsl:template>
</xsl:stylesheet>
