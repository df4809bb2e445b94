<?xml version="1.0" encoding="UTF-8"?>
<!-- The registered devices: list (remove), and registering a new one. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/devices']" mode="main">
  <h1><xsl:value-of select="k:t('devices.title')"/></h1>
  <p><xsl:value-of select="k:t('devices.intro')"/></p>
  <xsl:choose>
    <xsl:when test="devices/device">
      <div class="scroll">
      <table class="list">
        <caption><xsl:value-of select="k:t('devices.caption')"/></caption>
        <thead><tr>
          <th scope="col"><xsl:value-of select="k:t('devices.col.name')"/></th>
          <th scope="col"><xsl:value-of select="k:t('devices.col.registered')"/></th>
          <th scope="col"><xsl:value-of select="k:t('devices.col.last_used')"/></th>
          <th scope="col"><xsl:value-of select="k:t('devices.col.status')"/></th>
          <th scope="col"><xsl:value-of select="k:t('devices.col.actions')"/></th>
        </tr></thead>
        <tbody>
          <xsl:for-each select="devices/device">
            <tr>
              <th scope="row"><xsl:value-of select="label"/></th>
              <td><xsl:value-of select="@created"/></td>
              <td><xsl:choose>
                <xsl:when test="@last-used"><xsl:value-of select="@last-used"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('devices.never_used')"/></xsl:otherwise>
              </xsl:choose></td>
              <td><xsl:choose>
                <xsl:when test="@confirmed"><xsl:value-of select="k:t('devices.status.confirmed')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="k:t('devices.status.unconfirmed')"/></xsl:otherwise>
              </xsl:choose></td>
              <td>
                <xsl:if test="@confirmed">
                  <a href="/account/2fa/factors/{@id}/remove" aria-label="{k:t('devices.remove_named', string(label))}"><xsl:value-of select="k:t('devices.remove')"/></a>
                </xsl:if>
                <xsl:if test="not(@confirmed)">
                <form method="post" action="/account/devices/{@id}/remove" class="inline">
                  <xsl:call-template name="csrf"/>
                  <xsl:if test="/page/reauth">
                    <div class="field">
                      <label for="f-password-{@id}"><xsl:value-of select="k:t('devices.password')"/></label>
                      <input id="f-password-{@id}" name="password" type="password" autocomplete="current-password" required="required">
                        <xsl:if test="@error"><xsl:attribute name="aria-invalid">true</xsl:attribute>
                          <xsl:attribute name="aria-describedby">f-password-<xsl:value-of select="@id"/>-error</xsl:attribute></xsl:if>
                      </input>
                      <xsl:if test="@error"><p class="field-error" id="f-password-{@id}-error"><xsl:value-of select="k:t(@error)"/></p></xsl:if>
                    </div>
                  </xsl:if>
                  <button type="submit" class="danger" aria-label="{k:t('devices.remove_named', string(label))}"><xsl:value-of select="k:t('devices.remove')"/></button>
                </form>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      </div>
    </xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('devices.none')"/></p></xsl:otherwise>
  </xsl:choose>

  <form method="post" action="/account/devices" class="card narrow">
    <h2><xsl:value-of select="k:t('devices.register')"/></h2>
    <p><xsl:value-of select="k:t('devices.register.how')"/></p>
    <xsl:call-template name="csrf"/>
    <xsl:if test="reauth">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'password'"/>
        <xsl:with-param name="label" select="'devices.password'"/>
        <xsl:with-param name="type" select="'password'"/>
        <xsl:with-param name="autocomplete" select="'current-password'"/>
        <xsl:with-param name="hint" select="'devices.password.hint'"/>
      </xsl:call-template>
    </xsl:if>
    <button type="submit" class="primary"><xsl:value-of select="k:t('devices.register.submit')"/></button>
  </form>
  <p><a href="/account/security"><xsl:value-of select="k:t('devices.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
