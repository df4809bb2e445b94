<?xml version="1.0" encoding="UTF-8"?>
<!-- The user's security log, newest first, a page at a time (fcgi/auth/sessions.c). Events
     are named by their catalogue key seclog.<event>. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/seclog']" mode="main">
  <h1><xsl:value-of select="k:t('seclog.title')"/></h1>
  <p><xsl:value-of select="k:t('seclog.intro')"/></p>
  <xsl:choose>
    <xsl:when test="log/entry">
      <div class="scroll">
      <table class="list stack">
        <caption><xsl:value-of select="k:t('seclog.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('seclog.col.when')"/></th>
          <th scope="col"><xsl:value-of select="k:t('seclog.col.what')"/></th>
          <th scope="col"><xsl:value-of select="k:t('seclog.col.detail')"/></th>
          <th scope="col"><xsl:value-of select="k:t('seclog.col.address')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="log/entry">
            <tr class="seclog-{@event}">
              <td><time datetime="{translate(@at, ' ', 'T')}Z"><xsl:value-of select="k:date(@at)"/></time></td>
              <th scope="row"><xsl:value-of select="k:t(concat('seclog.', @event))"/></th>
              <td><xsl:call-template name="security-detail"><xsl:with-param name="detail" select="string(detail)"/></xsl:call-template></td>
              <td><xsl:value-of select="@ip"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      </div>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('seclog.none')"/></p></xsl:otherwise>
  </xsl:choose>
  <xsl:if test="log/@previous or log/@next">
    <nav class="pager" aria-label="{k:t('pager.label')}">
      <xsl:if test="log/@previous"><a href="/account/security/log?page={log/@previous}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
      <span><xsl:value-of select="k:t('pager.page', string(log/@page))"/></span>
      <xsl:if test="log/@next"><a href="/account/security/log?page={log/@next}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
    </nav>
  </xsl:if>
  <p><a href="/account/security"><xsl:value-of select="k:t('sessions.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
