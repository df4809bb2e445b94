<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/tokens']" mode="main">
  <h1><xsl:value-of select="k:t('tokens.title')"/></h1>
  <p><xsl:value-of select="k:t('tokens.intro')"/></p>
  <p><a class="button" href="/account/tokens/new"><xsl:value-of select="k:t('tokens.new')"/></a></p>
  <xsl:choose>
    <xsl:when test="tokens/token">
      <div class="scroll">
      <table class="list">
        <caption><xsl:value-of select="k:t('tokens.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.name')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.scopes')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.products')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.created')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.expires')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.last_used')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.status')"/></th>
          <th scope="col"><xsl:value-of select="k:t('tokens.col.actions')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="tokens/token">
            <tr class="token-{@status}">
              <th scope="row"><xsl:value-of select="name"/></th>
              <td><ul class="plain"><xsl:for-each select="scope"><li><code><xsl:value-of select="@name"/></code></li></xsl:for-each></ul></td>
              <td><xsl:choose>
                <xsl:when test="@all_products"><xsl:value-of select="k:t('tokens.all_products')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="products"/></xsl:otherwise>
              </xsl:choose></td>
              <td><xsl:value-of select="k:date(@created)"/></td>
              <td><xsl:choose>
                <xsl:when test="@expires"><xsl:value-of select="k:date(@expires)"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('tokens.never_expires')"/></xsl:otherwise>
              </xsl:choose></td>
              <td><xsl:choose>
                <xsl:when test="@used"><xsl:value-of select="k:date(@used)"/><br/>
                  <small><xsl:value-of select="k:t('tokens.from', string(@used_from))"/></small></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('tokens.never_used')"/></xsl:otherwise>
              </xsl:choose></td>
              <td><span class="status {@status}"><xsl:value-of select="k:t(concat('tokens.status.', @status))"/></span></td>
              <td>
                <xsl:if test="@status = 'active' or @status = 'expired'">
                  <form method="post" action="/account/tokens/{@id}/revoke" class="inline">
                    <xsl:call-template name="csrf"/>
                    <button type="submit" class="danger" aria-label="{k:t('tokens.revoke_named', string(name))}"><xsl:value-of select="k:t('tokens.revoke')"/></button>
                  </form>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      </div>
      <xsl:if test="tokens/@previous or tokens/@next">
        <nav class="pager" aria-label="{k:t('pager.label')}">
          <xsl:if test="tokens/@previous"><a href="/account/tokens?page={tokens/@previous}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
          <span><xsl:value-of select="k:t('pager.page', string(tokens/@page))"/></span>
          <xsl:if test="tokens/@next"><a href="/account/tokens?page={tokens/@next}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
        </nav>
      </xsl:if>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('tokens.none')"/></p></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
