<?xml version="1.0" encoding="UTF-8"?>
<!-- Two-factor authentication: the user's factors (each with "remove"), the ways to add one,
     new emergency codes, and turning it off. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/twofa']" mode="main">
  <h1><xsl:value-of select="k:t('twofa.title')"/></h1>
  <xsl:variable name="on" select="factors/@enabled"/>

  <section class="card" aria-labelledby="tf-methods">
    <h2 id="tf-methods"><xsl:value-of select="k:t('twofa.methods')"/></h2>
    <xsl:choose>
      <xsl:when test="$on">
        <p class="status ok"><xsl:value-of select="k:t('security.twofa.on')"/></p>
        <div class="scroll">
          <table class="list stack" id="factors">
            <caption><xsl:value-of select="k:t('twofa.methods.caption')"/></caption>
            <thead><tr>
              <th scope="col"><xsl:value-of select="k:t('twofa.col.method')"/></th>
              <th scope="col"><xsl:value-of select="k:t('twofa.col.added')"/></th>
              <th scope="col"><xsl:value-of select="k:t('twofa.col.used')"/></th>
              <th scope="col"><xsl:value-of select="k:t('twofa.col.actions')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="factors/factor">
                <xsl:variable name="name">
                  <xsl:value-of select="k:t(concat('factor.', @kind))"/>
                  <xsl:if test="label != ''"> · <xsl:value-of select="label"/></xsl:if>
                  <xsl:if test="@phone-end"> · <xsl:value-of select="k:t('factor.phone_end', string(@phone-end))"/></xsl:if>
                </xsl:variable>
                <tr>
                  <th scope="row"><xsl:value-of select="$name"/></th>
                  <td><xsl:value-of select="@created"/></td>
                  <td><xsl:choose>
                    <xsl:when test="@last-used"><xsl:value-of select="@last-used"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="k:t('twofa.never')"/></xsl:otherwise>
                  </xsl:choose></td>
                  <td><a href="/account/2fa/factors/{@id}/remove"
                         aria-label="{k:t('twofa.remove.named', concat(string($name), ', ', @created))}"><xsl:value-of select="k:t('twofa.remove')"/></a></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p class="status off"><xsl:value-of select="k:t('security.twofa.off')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </section>

  <section class="card" aria-labelledby="tf-add">
    <h2 id="tf-add"><xsl:value-of select="k:t('twofa.add')"/></h2>
    <ul class="plain">
      <li><a href="/account/2fa/totp"><xsl:value-of select="k:t('twofa.add.totp')"/></a></li>
      <li><a href="/account/2fa/sms"><xsl:value-of select="k:t('twofa.add.sms')"/></a></li>
      <li><a href="/account/devices"><xsl:value-of select="k:t('twofa.add.device')"/></a></li>
    </ul>
  </section>

  <xsl:if test="$on">
    <section class="card" aria-labelledby="tf-emergency">
      <h2 id="tf-emergency"><xsl:value-of select="k:t('twofa.emergency')"/></h2>
      <p id="emergency-left"><xsl:value-of select="k:t('security.emergency.left', string(factors/emergency/@left))"/></p>
      <xsl:if test="factors/emergency/@left &lt;= 3">
        <p class="msg warning" role="status"><xsl:value-of select="k:t('security.emergency.few')"/></p>
      </xsl:if>
      <p><xsl:value-of select="k:t('twofa.emergency.explain')"/></p>
      <form method="post" action="/account/2fa/emergency" class="narrow">
        <xsl:call-template name="csrf"/>
        <xsl:if test="reauth or error[@field = 'password']">
          <xsl:call-template name="field">
            <xsl:with-param name="name" select="'password'"/>
            <xsl:with-param name="label" select="'twofa.password.label'"/>
            <xsl:with-param name="hint" select="'twofa.password.again'"/>
            <xsl:with-param name="type" select="'password'"/>
            <xsl:with-param name="autocomplete" select="'current-password'"/>
          </xsl:call-template>
        </xsl:if>
        <button type="submit"><xsl:value-of select="k:t('twofa.emergency.new')"/></button>
      </form>
    </section>

    <section class="card danger" aria-labelledby="tf-off">
      <h2 id="tf-off"><xsl:value-of select="k:t('twofa.off')"/></h2>
      <p><xsl:value-of select="k:t('twofa.off.explain')"/></p>
      <p><a href="/account/2fa/off"><xsl:value-of select="k:t('twofa.off.link')"/></a></p>
    </section>
  </xsl:if>
  <p><a href="/account/security"><xsl:value-of select="k:t('twofa.back')"/></a></p>
</xsl:template>
</xsl:stylesheet>
