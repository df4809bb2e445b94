<?xml version="1.0" encoding="UTF-8"?>
<!-- Provider staff: the queue of help requests, pending first, oldest first
     (fcgi/auth/recovery_staff.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/staff_recovery_list']" mode="main">
  <h1><xsl:value-of select="k:t('recovery.staff.title')"/></h1>
  <xsl:choose>
    <xsl:when test="requests/request">
      <div class="scroll">
      <table class="list">
        <caption><xsl:value-of select="k:t('recovery.staff.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('recovery.staff.col.user')"/></th>
          <th scope="col"><xsl:value-of select="k:t('recovery.staff.col.created')"/></th>
          <th scope="col"><xsl:value-of select="k:t('recovery.staff.col.status')"/></th>
          <th scope="col"><xsl:value-of select="k:t('recovery.staff.col.documents')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="requests/request">
            <tr>
              <th scope="row"><a href="/staff/recovery/{@id}"><xsl:value-of select="@email"/></a>
                <br/><small><xsl:value-of select="@name"/></small></th>
              <td><xsl:value-of select="k:date(@created)"/></td>
              <td><span class="status {@status}"><xsl:value-of select="k:t(concat('recovery.state.', @status))"/></span></td>
              <td><xsl:choose>
                <xsl:when test="@documents"><xsl:value-of select="k:t('recovery.staff.documents.kept')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('recovery.staff.documents.gone')"/></xsl:otherwise>
              </xsl:choose></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      </div>
      <xsl:if test="requests/@previous or requests/@next">
        <nav class="pager" aria-label="{k:t('pager.label')}">
          <xsl:if test="requests/@previous"><a href="/staff/recovery?page={requests/@previous}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
          <span><xsl:value-of select="k:t('pager.page', string(requests/@page))"/></span>
          <xsl:if test="requests/@next"><a href="/staff/recovery?page={requests/@next}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
        </nav>
      </xsl:if>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('recovery.staff.none')"/></p></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
