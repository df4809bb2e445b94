<?xml version="1.0" encoding="UTF-8"?>
<!-- The layout every page shares: head, header with the language switcher and the user's
     menu, messages, and the page's own content from mode="main". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" extension-element-prefixes="k" exclude-result-prefixes="k">
<xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

<xsl:template match="/page">
<html lang="{@lang}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="k:t(@title)"/> · Kontor</title>
<link rel="stylesheet" href="/static/kontor.css"/>
<script src="/static/kontor.js" defer="defer"></script>
</head>
<body>
<a class="skip" href="#main"><xsl:value-of select="k:t('nav.skip')"/></a>
<header class="top">
  <a class="brand" href="/">Kontor</a>
  <xsl:if test="user">
    <nav class="menu" aria-label="{k:t('nav.account')}">
      <span class="who"><xsl:value-of select="user/@name"/></span>
      <a href="/account/tokens"><xsl:value-of select="k:t('nav.tokens')"/></a>
      <a href="/account/password"><xsl:value-of select="k:t('nav.password')"/></a>
      <form method="post" action="/logout" class="inline">
        <input type="hidden" name="csrf" value="{@csrf}"/>
        <button type="submit" class="link"><xsl:value-of select="k:t('nav.logout')"/></button>
      </form>
    </nav>
  </xsl:if>
  <form method="post" action="/locale" class="lang" aria-label="{k:t('nav.language')}">
    <input type="hidden" name="csrf" value="{@csrf}"/>
    <input type="hidden" name="next" value="{@path}"/>
    <xsl:call-template name="lang-button"><xsl:with-param name="code" select="'en'"/><xsl:with-param name="label" select="'English'"/></xsl:call-template>
    <xsl:call-template name="lang-button"><xsl:with-param name="code" select="'de'"/><xsl:with-param name="label" select="'Deutsch'"/></xsl:call-template>
    <xsl:call-template name="lang-button"><xsl:with-param name="code" select="'fr'"/><xsl:with-param name="label" select="'Français'"/></xsl:call-template>
    <xsl:call-template name="lang-button"><xsl:with-param name="code" select="'it'"/><xsl:with-param name="label" select="'Italiano'"/></xsl:call-template>
  </form>
</header>
<main id="main">
  <xsl:for-each select="message">
    <p class="msg {@kind}">
      <xsl:attribute name="role"><xsl:choose><xsl:when test="@kind = 'error'">alert</xsl:when><xsl:otherwise>status</xsl:otherwise></xsl:choose></xsl:attribute>
      <xsl:value-of select="k:t(@key, string(/page/wait/@minutes))"/>
    </p>
  </xsl:for-each>
  <xsl:apply-templates select="." mode="main"/>
</main>
<footer class="foot"><xsl:value-of select="k:t('footer.text')"/></footer>
</body>
</html>
</xsl:template>

<xsl:template name="lang-button">
  <xsl:param name="code"/>
  <xsl:param name="label"/>
  <button type="submit" name="lang" value="{$code}" lang="{$code}">
    <xsl:if test="/page/@lang = $code"><xsl:attribute name="aria-pressed">true</xsl:attribute></xsl:if>
    <xsl:value-of select="$label"/>
  </button>
</xsl:template>

<!-- A labelled input with its error, if the server refused it. -->
<xsl:template name="field">
  <xsl:param name="name"/>
  <xsl:param name="label"/>
  <xsl:param name="type" select="'text'"/>
  <xsl:param name="value" select="''"/>
  <xsl:param name="autocomplete" select="'off'"/>
  <xsl:param name="hint" select="''"/>
  <xsl:variable name="err" select="/page/error[@field = $name]"/>
  <div class="field">
    <label for="f-{$name}"><xsl:value-of select="k:t($label)"/></label>
    <xsl:if test="$hint != ''"><p class="hint" id="f-{$name}-hint"><xsl:value-of select="k:t($hint)"/></p></xsl:if>
    <input id="f-{$name}" name="{$name}" type="{$type}" autocomplete="{$autocomplete}" required="required">
      <xsl:if test="$value != ''"><xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute></xsl:if>
      <xsl:if test="$err"><xsl:attribute name="aria-invalid">true</xsl:attribute>
        <xsl:attribute name="aria-describedby">f-<xsl:value-of select="$name"/>-error</xsl:attribute></xsl:if>
    </input>
    <xsl:if test="$err"><p class="field-error" id="f-{$name}-error"><xsl:value-of select="k:t($err/@key)"/></p></xsl:if>
  </div>
</xsl:template>

<xsl:template name="csrf">
  <input type="hidden" name="csrf" value="{/page/@csrf}"/>
</xsl:template>

</xsl:stylesheet>
