<?xml version="1.0" encoding="UTF-8"?>
<!-- The user's active sessions (fcgi/auth/sessions.c): end one of the others, or all. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/sessions']" mode="main">
  <h1><xsl:value-of select="k:t('sessions.title')"/></h1>
  <p><xsl:value-of select="k:t('sessions.intro')"/></p>
  <div class="scroll">
  <table class="list stack">
    <caption><xsl:value-of select="k:t('sessions.caption')"/></caption>
    <thead><tr>
      <th scope="col"><xsl:value-of select="k:t('sessions.col.device')"/></th>
      <th scope="col"><xsl:value-of select="k:t('sessions.col.address')"/></th>
      <th scope="col"><xsl:value-of select="k:t('sessions.col.signed_in')"/></th>
      <th scope="col"><xsl:value-of select="k:t('sessions.col.last_seen')"/></th>
      <th scope="col"><xsl:value-of select="k:t('sessions.col.actions')"/></th>
    </tr></thead>
    <tbody>
      <xsl:for-each select="sessions/session">
        <xsl:variable name="device">
          <xsl:choose>
            <xsl:when test="device != ''"><xsl:value-of select="device"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="k:t('sessions.device.unknown')"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <tr>
          <xsl:if test="@current"><xsl:attribute name="class">current</xsl:attribute></xsl:if>
          <th scope="row">
            <span title="{agent}"><xsl:value-of select="$device"/></span>
            <xsl:if test="@current"><xsl:text> </xsl:text><span class="badge"><xsl:value-of select="k:t('sessions.this')"/></span></xsl:if>
          </th>
          <td><xsl:value-of select="@ip"/></td>
          <td><xsl:value-of select="k:date(@created)"/></td>
          <td><xsl:value-of select="k:date(@seen)"/></td>
          <td>
            <form method="post" action="/account/sessions/{@id}/end" class="inline">
              <xsl:call-template name="csrf"/>
              <xsl:choose>
                <xsl:when test="@current">
                  <button type="submit" class="secondary" aria-label="{k:t('sessions.end_this_named', string($device))}"><xsl:value-of select="k:t('sessions.logout')"/></button>
                </xsl:when>
                <xsl:otherwise>
                  <button type="submit" class="danger" aria-label="{k:t('sessions.end_named', concat($device, ', ', @ip))}"><xsl:value-of select="k:t('sessions.end')"/></button>
                </xsl:otherwise>
              </xsl:choose>
            </form>
          </td>
        </tr>
      </xsl:for-each>
    </tbody>
  </table>
  </div>
  <p class="hint"><xsl:value-of select="k:t('sessions.times_utc')"/></p>
  <xsl:if test="sessions/session[not(@current)]">
    <form method="post" action="/account/sessions/end-others">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="danger"><xsl:value-of select="k:t('sessions.end_others')"/></button>
    </form>
  </xsl:if>
  <p><a href="/account/security"><xsl:value-of select="k:t('sessions.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
