<?xml version="1.0" encoding="UTF-8"?>
<!-- A new application password, shown this once (the answer to the POST: never in a URL or
     a later page), with a copy button and what to type into the client. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/app_password_created']" mode="main">
  <h1><xsl:value-of select="k:t('apppw_created.title')"/></h1>
  <p class="msg info" role="status"><xsl:value-of select="k:t('apppw_created.once')"/></p>
  <section class="card" aria-labelledby="apppw-label">
    <h2 id="apppw-label"><xsl:value-of select="k:t('apppw_created.label', string(created/name))"/></h2>
    <dl>
      <dt><xsl:value-of select="k:t('apppw_created.user')"/></dt>
      <dd><code><xsl:value-of select="created/@user"/></code></dd>
      <dt><xsl:value-of select="k:t('apppw_created.password')"/></dt>
      <dd><code id="new-app-password" class="secret"><xsl:value-of select="created/@password"/></code></dd>
      <dt><xsl:value-of select="k:t('apppw.col.protocols')"/></dt>
      <dd><xsl:choose>
        <xsl:when test="created/protocol"><xsl:for-each select="created/protocol"><xsl:if test="position() > 1">, </xsl:if><xsl:value-of select="k:t(concat('apppw.protocol.', @name))"/></xsl:for-each></xsl:when>
        <xsl:otherwise><xsl:value-of select="k:t('apppw.protocols_all')"/></xsl:otherwise>
      </xsl:choose></dd>
      <dt><xsl:value-of select="k:t('apppw.col.expires')"/></dt>
      <dd><xsl:choose>
        <xsl:when test="created/@expires"><xsl:value-of select="k:date(created/@expires)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="k:t('apppw.never_expires')"/></xsl:otherwise>
      </xsl:choose></dd>
    </dl>
    <p><button type="button" class="primary" data-copy="#new-app-password"><xsl:value-of select="k:t('apppw_created.copy')"/></button></p>
    <!-- Where the files are, for a password that may open them (every protocol, or WebDAV). -->
    <xsl:if test="not(created/protocol) or created/protocol[@name = 'webdav']">
      <p><xsl:value-of select="k:t('apppw_created.files')"/></p>
      <pre class="example"><xsl:value-of select="concat(created/@base, '/dav/')"/></pre>
    </xsl:if>
  </section>
  <p><a href="/account/app-passwords"><xsl:value-of select="k:t('apppw.back_list')"/></a></p>
</xsl:template>
</xsl:stylesheet>
