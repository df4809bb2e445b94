<?xml version="1.0" encoding="UTF-8"?>
<!-- The organization's activity log (fcgi/org/page_activity.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='org/activity']" mode="main">
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'activity'"/></xsl:call-template>
  <xsl:choose>
    <xsl:when test="activity/entry">
      <table class="list">
        <caption><xsl:value-of select="k:t('activity.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('activity.when')"/></th>
          <th scope="col"><xsl:value-of select="k:t('activity.who')"/></th>
          <th scope="col"><xsl:value-of select="k:t('activity.what')"/></th>
          <th scope="col"><xsl:value-of select="k:t('activity.from')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="activity/entry">
            <tr>
              <td><xsl:value-of select="k:date(@at)"/></td>
              <td><xsl:value-of select="actor"/></td>
              <th scope="row"><xsl:value-of select="k:t(concat('activity.', @event), string(subject))"/>
                <xsl:if test="detail != ''"><xsl:text> </xsl:text><small>(<xsl:value-of select="detail"/>)</small></xsl:if></th>
              <td><xsl:value-of select="@ip"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <nav class="pager" aria-label="{k:t('pager.label')}">
        <xsl:if test="activity/@previous"><a href="?page={activity/@previous}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
        <xsl:if test="activity/@next"><a href="?page={activity/@next}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
      </nav>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('activity.none')"/></p></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
