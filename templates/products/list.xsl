<?xml version="1.0" encoding="UTF-8"?>
<!-- The organization's products: filter, sort, pages (fcgi/products/list.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='products/list']" mode="main">
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
    <xsl:for-each select="tags/tag[@filtered]"><input type="hidden" name="tag" value="{@id}"/></xsl:for-each>
    <button type="submit"><xsl:value-of select="k:t('products.apply')"/></button>
  </form>
  <xsl:if test="tags/tag">
    <nav class="tagfilter" aria-label="{k:t('tag.filter')}">
      <span><xsl:value-of select="k:t('tag.filter')"/>:</span>
      <xsl:for-each select="tags/tag">
        <xsl:variable name="others">
          <xsl:for-each select="../tag[@filtered and @id != current()/@id]">&amp;tag=<xsl:value-of select="@id"/></xsl:for-each>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="not(@filtered) and count(../tag[@filtered]) &gt;= 5">
            <span class="tag tag-{@id}" title="{k:t('tag.filter_full')}"><xsl:value-of select="name"/></span>
          </xsl:when>
          <xsl:otherwise>
            <a href="{$base}?{$l/@filters}{$others}{substring(concat('&amp;tag=', @id), 1, 99 * not(@filtered))}" class="tag tag-{@id}">
              <xsl:if test="@filtered"><xsl:attribute name="aria-current">true</xsl:attribute><xsl:text>✓ </xsl:text></xsl:if>
              <xsl:value-of select="name"/></a>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <a href="/orgs/{org/@id}/tags"><xsl:value-of select="k:t('tag.manage')"/></a>
    </nav>
  </xsl:if>
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
          <th scope="col"><xsl:value-of select="k:t('tag.tags')"/></th>
          <xsl:if test="org/@manages"><th scope="col"><xsl:value-of select="k:t('tag.select')"/></th></xsl:if>
        </tr></thead>
        <tbody>
          <xsl:for-each select="$l/product">
            <tr>
              <th scope="row"><a href="{$base}/{@id}"><xsl:value-of select="name"/></a></th>
              <td><xsl:value-of select="k:t(concat('kind.', @kind))"/></td>
              <td><xsl:value-of select="k:t(concat('products.status.', @status))"/></td>
              <td><xsl:value-of select="k:date(@expires)"/></td>
              <td><xsl:choose><xsl:when test="@auto_renew"><xsl:value-of select="k:t('products.yes')"/></xsl:when><xsl:otherwise><xsl:value-of select="k:t('products.no')"/></xsl:otherwise></xsl:choose></td>
              <td class="tagcell">
                <xsl:for-each select="tag">
                  <xsl:call-template name="tag-chip"><xsl:with-param name="href" select="concat($base, '?tag=', @id)"/></xsl:call-template>
                  <xsl:text> </xsl:text>
                </xsl:for-each>
                <xsl:if test="/page/org/@manages">
                  <!-- Without script: the product's page, with its picker. With it: the
                       page's one picker opens here (kontor.js), so each row stays light. -->
                  <a class="addtag" href="{$base}/{@id}#tag-picker" data-action="{$base}/{@id}/tags"><xsl:value-of select="k:t('tag.add_to', string(name))"/></a>
                </xsl:if>
              </td>
              <xsl:if test="/page/org/@manages">
                <td><input type="checkbox" id="sel-{@id}" name="products" value="{@id}" form="bulk" aria-label="{k:t('tag.select_named', string(name))}"/></td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('products.none')"/></p></xsl:otherwise>
  </xsl:choose>
  <xsl:if test="org/@manages and $l/product">
    <xsl:call-template name="tag-picker">
      <xsl:with-param name="id" select="'bulk'"/>
      <xsl:with-param name="action" select="concat($base, '/tags')"/>
      <xsl:with-param name="label" select="k:t('tag.add_to_selected')"/>
      <xsl:with-param name="form" select="'bulk'"/>
      <xsl:with-param name="row_label" select="k:t('tag.add_to_row')"/>
    </xsl:call-template>
  </xsl:if>
  <xsl:variable name="q" select="$l/@query"/>
  <nav class="pager" aria-label="{k:t('pager.label')}">
    <xsl:if test="$l/@previous"><a href="{$base}?page={$l/@previous}{$q}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
    <span><xsl:value-of select="k:t('pager.page', string($l/@page))"/></span>
    <xsl:if test="$l/@next"><a href="{$base}?page={$l/@next}{$q}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
  </nav>
</xsl:template>
</xsl:stylesheet>
