<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/home']" mode="main">
  <h1><xsl:value-of select="k:t('home.title')"/></h1>
  <xsl:if test="organizations/organization[@twofa_missing]">
    <div class="msg warning twofa-required" role="status">
      <p><xsl:value-of select="k:t('org2fa.home.required')"/></p>
      <ul class="plain">
        <xsl:for-each select="organizations/organization[@twofa_missing]"><li><xsl:value-of select="name"/></li></xsl:for-each>
      </ul>
      <p><a href="/account/security"><xsl:value-of select="k:t('org2fa.home.turn_on')"/></a></p>
    </div>
  </xsl:if>
  <xsl:choose>
    <xsl:when test="organizations/organization">
      <table class="list">
        <caption><xsl:value-of select="k:t('home.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('home.organization')"/></th>
          <th scope="col"><xsl:value-of select="k:t('home.role')"/></th>
          <th scope="col" class="num"><xsl:value-of select="k:t('home.products')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="organizations/organization">
            <tr>
              <th scope="row"><a href="/orgs/{@id}"><xsl:value-of select="name"/></a></th>
              <td><xsl:value-of select="k:t(concat('role.', @role))"/></td>
              <td class="num"><xsl:value-of select="@products"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('home.none')"/></p></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
