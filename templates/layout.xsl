<?xml version="1.0" encoding="UTF-8"?>
<!-- The layout every page shares: head, header with the language switcher and the user's
     menu, messages, and the page's own content from mode="main". An executable compiles it
     once with all its pages (fcgi/core/view.c): each page's stylesheet has the template
     match="page[@view='<area>/<page>']" mode="main", and any other template of a page uses
     a mode of that page, so that pages never catch each other's elements. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" extension-element-prefixes="k" exclude-result-prefixes="k">
<xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

<xsl:template match="/page">
<html lang="{@lang}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="k:t(@title)"/> · Kontor</title>
<link rel="stylesheet" href="/static/kontor.css"/>
<!-- The organization's tag colours: a stylesheet of its own (the policy allows no inline
     styles), versioned so that it is cached until a tag changes. -->
<xsl:if test="org/@id"><link rel="stylesheet" href="/orgs/{org/@id}/tags.css?v={org/@version}"/></xsl:if>
<script src="/static/kontor.js" defer="defer"></script>
<!-- A page that waits for something (a device's answer) asks again by itself, without
     JavaScript: <refresh seconds="n"/> in the model. -->
<xsl:if test="refresh/@seconds"><meta http-equiv="refresh" content="{refresh/@seconds}"/></xsl:if>
</head>
<body>
<a class="skip" href="#main"><xsl:value-of select="k:t('nav.skip')"/></a>
<header class="top">
  <a class="brand" href="/">Kontor</a>
  <xsl:if test="user">
    <nav class="menu" aria-label="{k:t('nav.account')}">
      <xsl:if test="orgs/org">
        <details class="switch">
          <summary><xsl:choose>
            <xsl:when test="orgs/org[@current]"><xsl:value-of select="orgs/org[@current]/name"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="k:t('nav.organizations')"/></xsl:otherwise>
          </xsl:choose></summary>
          <ul aria-label="{k:t('nav.switch')}">
            <xsl:for-each select="orgs/org">
              <li><a href="/orgs/{@id}"><xsl:if test="@current"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="name"/></a></li>
            </xsl:for-each>
          </ul>
        </details>
      </xsl:if>
      <xsl:if test="not(orgs/org)">
        <a href="/"><xsl:value-of select="k:t('nav.organizations')"/></a>
      </xsl:if>
      <span class="who"><xsl:value-of select="user/@name"/></span>
      <xsl:if test="user/@staff"><a href="/staff/recovery"><xsl:value-of select="k:t('nav.staff_recovery')"/></a></xsl:if>
      <a href="/account/security"><xsl:value-of select="k:t('nav.security')"/></a>
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
  <xsl:param name="required" select="true()"/>
  <xsl:param name="maxlength" select="''"/>
  <xsl:variable name="err" select="/page/error[@field = $name]"/>
  <div class="field">
    <label for="f-{$name}"><xsl:value-of select="k:t($label)"/></label>
    <xsl:if test="$hint != ''"><p class="hint" id="f-{$name}-hint"><xsl:value-of select="k:t($hint)"/></p></xsl:if>
    <input id="f-{$name}" name="{$name}" type="{$type}" autocomplete="{$autocomplete}">
      <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
      <xsl:if test="$maxlength != ''"><xsl:attribute name="maxlength"><xsl:value-of select="$maxlength"/></xsl:attribute></xsl:if>
      <xsl:if test="$value != ''"><xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute></xsl:if>
      <xsl:if test="$err"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
      <!-- The hint and the error, whichever there are, are read with the field. -->
      <xsl:if test="$err or $hint != ''">
        <xsl:attribute name="aria-describedby">
          <xsl:if test="$hint != ''">f-<xsl:value-of select="$name"/>-hint</xsl:if>
          <xsl:if test="$hint != '' and $err"><xsl:text> </xsl:text></xsl:if>
          <xsl:if test="$err">f-<xsl:value-of select="$name"/>-error</xsl:if>
        </xsl:attribute>
      </xsl:if>
    </input>
    <xsl:if test="$err"><p class="field-error" id="f-{$name}-error"><xsl:value-of select="k:t($err/@key)"/></p></xsl:if>
  </div>
</xsl:template>

<!-- A labelled select of the countries, sorted by their names in the page's language. -->
<xsl:template name="country-field">
  <xsl:param name="name" select="'country'"/>
  <xsl:param name="value" select="''"/>
  <xsl:variable name="err" select="/page/error[@field = $name]"/>
  <div class="field">
    <label for="f-{$name}"><xsl:value-of select="k:t('field.country')"/></label>
    <select id="f-{$name}" name="{$name}" required="required">
      <xsl:if test="$err"><xsl:attribute name="aria-invalid">true</xsl:attribute>
        <xsl:attribute name="aria-describedby">f-<xsl:value-of select="$name"/>-error</xsl:attribute></xsl:if>
      <xsl:for-each select="/page/countries/c">
        <xsl:sort select="k:t(concat('country.', @cc))"/>
        <option value="{@cc}">
          <xsl:if test="@cc = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="k:t(concat('country.', @cc))"/>
        </option>
      </xsl:for-each>
    </select>
    <xsl:if test="$err"><p class="field-error" id="f-{$name}-error"><xsl:value-of select="k:t($err/@key)"/></p></xsl:if>
  </div>
</xsl:template>

<!-- The error of a field that is not a plain input (a select, a checkbox). -->
<xsl:template name="field-error">
  <xsl:param name="name"/>
  <xsl:variable name="err" select="/page/error[@field = $name]"/>
  <xsl:if test="$err"><p class="field-error" id="f-{$name}-error"><xsl:value-of select="k:t($err/@key)"/></p></xsl:if>
</xsl:template>

<!-- The organization pages' tabs; the current one marked for screen readers too. -->
<xsl:template name="org-nav">
  <xsl:param name="current"/>
  <xsl:variable name="base" select="concat('/orgs/', /page/org/@id)"/>
  <nav class="tabs" aria-label="{k:t('org.sections')}">
    <a href="{$base}"><xsl:if test="$current = 'org'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="k:t('org.tab.coordinates')"/></a>
    <a href="{$base}/products"><xsl:if test="$current = 'products'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="k:t('org.tab.products')"/></a>
    <a href="{$base}/members"><xsl:if test="$current = 'members'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="k:t('org.tab.members')"/></a>
    <a href="{$base}/billing"><xsl:if test="$current = 'billing'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="k:t('org.tab.billing')"/></a>
    <a href="{$base}/products/check"><xsl:if test="$current = 'check'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="k:t('org.tab.check')"/></a>
    <xsl:if test="/page/org/@manages">
      <a href="{$base}/activity"><xsl:if test="$current = 'activity'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if><xsl:value-of select="k:t('org.tab.activity')"/></a>
    </xsl:if>
  </nav>
</xsl:template>

<!-- A QR code from the model's <qr size d/> (qr_view): dark modules on white with the quiet
     zone of four modules the standard asks for; label is its accessible name's key. -->
<xsl:template name="qr">
  <xsl:param name="qr"/>
  <xsl:param name="label"/>
  <svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="{k:t($label)}"
       viewBox="-4 -4 {$qr/@size + 8} {$qr/@size + 8}" shape-rendering="crispEdges">
    <rect x="-4" y="-4" width="{$qr/@size + 8}" height="{$qr/@size + 8}" fill="#fff"/>
    <path d="{$qr/@d}" fill="#000"/>
  </svg>
</xsl:template>

<xsl:template name="csrf">
  <input type="hidden" name="csrf" value="{/page/@csrf}"/>
</xsl:template>

</xsl:stylesheet>
