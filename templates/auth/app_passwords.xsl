<?xml version="1.0" encoding="UTF-8"?>
<!-- The user's application passwords: name, protocols, created, expires, last use, status;
     revoke one, or all of them (confirmed with a checkbox). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/app_passwords']" mode="main">
  <h1><xsl:value-of select="k:t('apppw.title')"/></h1>
  <p><xsl:value-of select="k:t('apppw.intro')"/></p>
  <p><xsl:value-of select="k:t('apppw.user', string(app-passwords/@user))"/></p>
  <p><a class="button" href="/account/app-passwords/new"><xsl:value-of select="k:t('apppw.new')"/></a></p>
  <xsl:choose>
    <xsl:when test="app-passwords/app-password">
      <div class="scroll">
      <table class="list">
        <caption><xsl:value-of select="k:t('apppw.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.name')"/></th>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.protocols')"/></th>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.created')"/></th>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.expires')"/></th>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.last_used')"/></th>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.status')"/></th>
          <th scope="col"><xsl:value-of select="k:t('apppw.col.actions')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="app-passwords/app-password">
            <tr class="apppw-{@status}">
              <th scope="row"><xsl:value-of select="name"/></th>
              <td><xsl:choose>
                <xsl:when test="protocol"><ul class="plain"><xsl:for-each select="protocol"><li><xsl:value-of select="k:t(concat('apppw.protocol.', @name))"/></li></xsl:for-each></ul></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('apppw.protocols_all')"/></xsl:otherwise>
              </xsl:choose></td>
              <td><xsl:value-of select="k:date(@created)"/></td>
              <td><xsl:choose>
                <xsl:when test="@expires"><xsl:value-of select="k:date(@expires)"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('apppw.never_expires')"/></xsl:otherwise>
              </xsl:choose></td>
              <td><xsl:choose>
                <xsl:when test="@used"><xsl:value-of select="k:date(@used)"/><br/>
                  <small><xsl:value-of select="k:t('apppw.from', string(@used_from))"/></small></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('apppw.never_used')"/></xsl:otherwise>
              </xsl:choose></td>
              <td><span class="status {@status}"><xsl:value-of select="k:t(concat('apppw.status.', @status))"/></span></td>
              <td>
                <xsl:if test="@status != 'revoked'">
                  <form method="post" action="/account/app-passwords/{@id}/revoke" class="inline">
                    <xsl:call-template name="csrf"/>
                    <button type="submit" class="danger" aria-label="{k:t('apppw.revoke_named', string(name))}"><xsl:value-of select="k:t('apppw.revoke')"/></button>
                  </form>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      </div>
      <xsl:if test="app-passwords/@previous or app-passwords/@next">
        <nav class="pager" aria-label="{k:t('pager.label')}">
          <xsl:if test="app-passwords/@previous"><a href="/account/app-passwords?page={app-passwords/@previous}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
          <span><xsl:value-of select="k:t('pager.page', string(app-passwords/@page))"/></span>
          <xsl:if test="app-passwords/@next"><a href="/account/app-passwords?page={app-passwords/@next}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
        </nav>
      </xsl:if>

      <form method="post" action="/account/app-passwords/revoke-all" class="card" aria-labelledby="apppw-all">
        <h2 id="apppw-all"><xsl:value-of select="k:t('apppw.revoke_all.title')"/></h2>
        <xsl:call-template name="csrf"/>
        <div class="check">
          <input type="checkbox" id="f-confirm" name="confirm" value="1" required="required">
            <xsl:if test="error[@field = 'confirm']">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">f-confirm-error</xsl:attribute>
            </xsl:if>
          </input>
          <label for="f-confirm"><xsl:value-of select="k:t('apppw.revoke_all.confirm')"/></label>
        </div>
        <xsl:call-template name="field-error"><xsl:with-param name="name" select="'confirm'"/></xsl:call-template>
        <button type="submit" class="danger"><xsl:value-of select="k:t('apppw.revoke_all.submit')"/></button>
      </form>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('apppw.none')"/></p></xsl:otherwise>
  </xsl:choose>
  <p><a href="/account/security"><xsl:value-of select="k:t('apppw.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
