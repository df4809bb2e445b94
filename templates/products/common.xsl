<?xml version="1.0" encoding="UTF-8"?>
<!-- Pieces the products pages share: a tag chip, and the tag picker (choose a tag, or type a
     new name and choose its colour), a <details> disclosure that works with the keyboard and
     without script. Included by list.xsl, product.xsl and tags.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">

<xsl:template name="tag-chip">
  <xsl:param name="href" select="''"/>
  <xsl:choose>
    <xsl:when test="$href != ''">
      <a class="tag tag-{@id}" href="{$href}"><xsl:value-of select="name"/></a>
    </xsl:when>
    <xsl:otherwise>
      <span class="tag tag-{@id}"><xsl:value-of select="name"/></span>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- id: unique on the page; action: where the form posts; label: the disclosure's text;
     product: the product's name for accessible names (empty for several). -->
<xsl:template name="tag-picker">
  <xsl:param name="id"/>
  <xsl:param name="action"/>
  <xsl:param name="label"/>
  <xsl:param name="back" select="'list'"/>
  <xsl:param name="form" select="''"/>
  <xsl:param name="row_label" select="''"/>
  <details class="picker" id="{$id}-picker">
    <xsl:if test="$row_label != ''"><xsl:attribute name="data-row-label"><xsl:value-of select="$row_label"/></xsl:attribute></xsl:if>
    <summary><xsl:value-of select="$label"/></summary>
    <form method="post" action="{$action}" class="card">
      <xsl:if test="$form != ''"><xsl:attribute name="id"><xsl:value-of select="$form"/></xsl:attribute></xsl:if>
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="back" value="{$back}"/>
      <xsl:if test="/page/tags/tag">
        <div class="field">
          <label for="{$id}-tag"><xsl:value-of select="k:t('tag.existing')"/></label>
          <select id="{$id}-tag" name="tag">
            <option value=""><xsl:value-of select="k:t('tag.new_below')"/></option>
            <xsl:for-each select="/page/tags/tag">
              <option value="{@id}"><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <div class="field">
        <label for="{$id}-name"><xsl:value-of select="k:t('tag.new_name')"/></label>
        <input id="{$id}-name" name="name" type="text" maxlength="30" autocomplete="off"/>
      </div>
      <fieldset class="palette">
        <legend><xsl:value-of select="k:t('tag.color')"/></legend>
        <xsl:for-each select="/page/palette/color">
          <label class="swatch pal-{@n}">
            <input type="radio" name="color" value="{@value}">
              <xsl:if test="position() = 1"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:value-of select="k:t('tag.color_n', string(@n))"/>
          </label>
        </xsl:for-each>
        <div class="field">
          <label for="{$id}-hex"><xsl:value-of select="k:t('tag.hex')"/></label>
          <input id="{$id}-hex" name="hex" type="text" maxlength="7" placeholder="#1a2b3c" autocomplete="off"/>
        </div>
      </fieldset>
      <button type="submit"><xsl:value-of select="k:t('tag.add')"/></button>
    </form>
  </details>
</xsl:template>
</xsl:stylesheet>
