<?xml version="1.0" encoding="UTF-8"?>
<!-- The organization's tags: how many products carry each, and (for administrators and
     legal representatives) create, rename, recolour, delete (fcgi/products/page_tags.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='products/tags']" mode="main">
  <xsl:variable name="base" select="concat('/orgs/', org/@id)"/>
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'products'"/></xsl:call-template>
  <h2><xsl:value-of select="k:t('tags.title')"/></h2>
  <xsl:choose>
    <xsl:when test="tags/tag">
      <table class="list stack">
        <caption><xsl:value-of select="k:t('tags.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('tags.tag')"/></th>
          <th scope="col" class="num"><xsl:value-of select="k:t('tags.products')"/></th>
          <xsl:if test="org/@manages"><th scope="col"><xsl:value-of select="k:t('members.actions')"/></th></xsl:if>
        </tr></thead>
        <tbody>
          <xsl:for-each select="tags/tag">
            <tr>
              <th scope="row"><xsl:call-template name="tag-chip"><xsl:with-param name="href" select="concat($base, '/products?tag=', @id)"/></xsl:call-template></th>
              <td class="num"><xsl:value-of select="@products"/></td>
              <xsl:if test="/page/org/@manages">
                <td>
                  <details class="picker">
                    <summary><xsl:value-of select="k:t('tags.edit_named', string(name))"/></summary>
                    <form method="post" action="{$base}/tags/{@id}" class="card">
                      <xsl:call-template name="csrf"/>
                      <div class="field">
                        <label for="t{@id}-name"><xsl:value-of select="k:t('tag.name')"/></label>
                        <input id="t{@id}-name" name="name" type="text" maxlength="30" value="{name}" required="required"/>
                      </div>
                      <div class="field">
                        <label for="t{@id}-hex"><xsl:value-of select="k:t('tag.hex')"/></label>
                        <input id="t{@id}-hex" name="hex" type="text" maxlength="7" value="{@color}"/>
                      </div>
                      <button type="submit"><xsl:value-of select="k:t('tags.save')"/></button>
                    </form>
                  </details>
                  <a href="{$base}/tags/{@id}/delete" aria-label="{k:t('tags.delete_named', string(name))}"><xsl:value-of select="k:t('billing.delete')"/></a>
                </td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('tags.none')"/></p></xsl:otherwise>
  </xsl:choose>
  <xsl:if test="org/@manages">
    <h2 id="new-tag"><xsl:value-of select="k:t('tags.create')"/></h2>
    <form method="post" action="{$base}/tags" class="card" aria-labelledby="new-tag" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="'tag.name'"/>
        <xsl:with-param name="value" select="form/@name"/>
        <xsl:with-param name="maxlength" select="30"/>
      </xsl:call-template>
      <fieldset class="palette">
        <legend><xsl:value-of select="k:t('tag.color')"/></legend>
        <xsl:for-each select="palette/color">
          <label class="swatch pal-{@n}">
            <input type="radio" name="color" value="{@value}">
              <xsl:if test="position() = 1"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:value-of select="k:t('tag.color_n', string(@n))"/>
          </label>
        </xsl:for-each>
        <xsl:call-template name="field-error"><xsl:with-param name="name" select="'color'"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'hex'"/>
          <xsl:with-param name="label" select="'tag.hex'"/>
          <xsl:with-param name="value" select="form/@hex"/>
          <xsl:with-param name="required" select="false()"/>
          <xsl:with-param name="maxlength" select="7"/>
        </xsl:call-template>
      </fieldset>
      <button type="submit"><xsl:value-of select="k:t('tags.create_button')"/></button>
    </form>
  </xsl:if>
</xsl:template>
</xsl:stylesheet>
