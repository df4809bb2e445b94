<?xml version="1.0" encoding="UTF-8"?>
<!-- Members, pending invitations and the invitation form (fcgi/org/page_members.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='org/members']" mode="main">
  <h1><xsl:value-of select="org/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'members'"/></xsl:call-template>
  <table class="list stack">
    <caption><xsl:value-of select="k:t('members.caption')"/></caption>
    <thead><tr>
      <th scope="col"><xsl:value-of select="k:t('field.name')"/></th>
      <th scope="col"><xsl:value-of select="k:t('field.email')"/></th>
      <th scope="col"><xsl:value-of select="k:t('field.role')"/></th>
    </tr></thead>
    <tbody>
      <xsl:for-each select="members/member">
        <tr>
          <th scope="row"><a href="/orgs/{/page/org/@id}/members/{@id}"><xsl:value-of select="name"/></a>
            <xsl:if test="@me"><xsl:text> </xsl:text><small>(<xsl:value-of select="k:t('members.you')"/>)</small></xsl:if></th>
          <td><xsl:value-of select="email"/></td>
          <td><xsl:value-of select="k:t(concat('role.', @role))"/></td>
        </tr>
      </xsl:for-each>
    </tbody>
  </table>
  <xsl:if test="members/@previous or members/@next">
    <nav class="pager" aria-label="{k:t('pager.label')}">
      <xsl:if test="members/@previous"><a href="?page={members/@previous}" rel="prev"><xsl:value-of select="k:t('pager.previous')"/></a></xsl:if>
      <span><xsl:value-of select="k:t('pager.page', string(members/@page))"/></span>
      <xsl:if test="members/@next"><a href="?page={members/@next}" rel="next"><xsl:value-of select="k:t('pager.next')"/></a></xsl:if>
    </nav>
  </xsl:if>
  <p class="hint"><xsl:value-of select="k:t('members.roles_explained')"/></p>

  <xsl:apply-templates select="twofa" mode="members"/>

  <xsl:if test="/page/org/@manages">
    <h2><xsl:value-of select="k:t('members.invitations')"/></h2>
    <xsl:choose>
      <xsl:when test="invitations/invitation">
        <table class="list stack">
          <caption><xsl:value-of select="k:t('members.invitations_caption')"/></caption>
          <thead><tr>
            <th scope="col"><xsl:value-of select="k:t('field.email')"/></th>
            <th scope="col"><xsl:value-of select="k:t('field.role')"/></th>
            <th scope="col"><xsl:value-of select="k:t('members.valid_until')"/></th>
            <th scope="col"><xsl:value-of select="k:t('members.actions')"/></th>
          </tr></thead>
          <tbody>
            <xsl:for-each select="invitations/invitation">
              <tr>
                <th scope="row"><xsl:value-of select="email"/></th>
                <td><xsl:value-of select="k:t(concat('role.', @role))"/></td>
                <td><xsl:choose>
                  <xsl:when test="@expired"><xsl:value-of select="k:t('members.expired')"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="k:date(@expires)"/></xsl:otherwise>
                </xsl:choose></td>
                <td class="actions">
                  <xsl:choose>
                  <xsl:when test="@role = 'legal_representative' and /page/org/@role != 'legal_representative'">
                    <xsl:value-of select="k:t('members.lr_invitation')"/>
                  </xsl:when>
                  <xsl:otherwise>
                  <form method="post" action="/orgs/{/page/org/@id}/invitations/{@id}/resend" class="inline">
                    <xsl:call-template name="csrf"/>
                    <button type="submit" aria-label="{k:t('members.resend_to', string(email))}"><xsl:value-of select="k:t('members.resend')"/></button>
                  </form>
                  <form method="post" action="/orgs/{/page/org/@id}/invitations/{@id}/withdraw" class="inline">
                    <xsl:call-template name="csrf"/>
                    <button type="submit" class="secondary" aria-label="{k:t('members.withdraw_to', string(email))}"><xsl:value-of select="k:t('members.withdraw')"/></button>
                  </form>
                  </xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="k:t('members.no_invitations')"/></p></xsl:otherwise>
    </xsl:choose>

    <h2 id="invite-heading"><xsl:value-of select="k:t('members.invite')"/></h2>
    <form method="post" action="/orgs/{/page/org/@id}/invitations" class="card" aria-labelledby="invite-heading" novalidate="novalidate">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="'field.invite_email'"/>
        <xsl:with-param name="type" select="'email'"/>
        <xsl:with-param name="value" select="invite/@email"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-role"><xsl:value-of select="k:t('field.role')"/></label>
        <select id="f-role" name="role">
          <xsl:if test="/page/error[@field = 'role']"><xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">f-role-error</xsl:attribute></xsl:if>
          <xsl:if test="/page/org/@role = 'legal_representative'">
            <option value="legal_representative"><xsl:if test="invite/@role = 'legal_representative'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t('role.legal_representative')"/></option>
          </xsl:if>
          <option value="admin"><xsl:if test="invite/@role = 'admin'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t('role.admin')"/></option>
          <option value="user"><xsl:if test="not(invite/@role) or invite/@role = 'user'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t('role.user')"/></option>
        </select>
        <xsl:call-template name="field-error"><xsl:with-param name="name" select="'role'"/></xsl:call-template>
      </div>
      <button type="submit"><xsl:value-of select="k:t('members.send_invitation')"/></button>
    </form>
  </xsl:if>
</xsl:template>

<!-- Two-factor authentication in the organization: whether it is required (a form of its own
     for those who manage), and the members without it, with reminders. -->
<xsl:template match="twofa" mode="members">
  <h2 id="twofa-heading"><xsl:value-of select="k:t('org2fa.heading')"/></h2>
  <xsl:if test="/page/twofa-refused">
    <p class="msg error" role="alert">
      <xsl:variable name="who" select="member[@id = /page/twofa-refused/@member]"/>
      <xsl:value-of select="k:t('org2fa.refused', string($who/name))"/>
      <xsl:if test="/page/twofa-refused/@next"><xsl:text> </xsl:text><xsl:value-of select="k:t('org2fa.next', k:date(/page/twofa-refused/@next))"/></xsl:if>
    </p>
  </xsl:if>
  <xsl:choose>
    <xsl:when test="/page/org/@manages">
      <form method="post" action="/orgs/{/page/org/@id}/twofa" class="card" aria-labelledby="twofa-heading">
        <xsl:call-template name="csrf"/>
        <div class="check">
          <input type="checkbox" id="f-require_2fa" name="require_2fa" value="1" aria-describedby="f-require_2fa-hint">
            <xsl:if test="@required"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <label for="f-require_2fa"><xsl:value-of select="k:t('org2fa.require')"/></label>
        </div>
        <p class="hint" id="f-require_2fa-hint"><xsl:value-of select="k:t('org2fa.require_hint')"/></p>
        <button type="submit"><xsl:value-of select="k:t('org2fa.save')"/></button>
      </form>
      <xsl:if test="@required">
        <xsl:choose>
          <xsl:when test="member">
            <table class="list stack twofa-missing">
              <caption><xsl:value-of select="k:t('org2fa.missing')"/></caption>
              <thead><tr>
                <th scope="col"><xsl:value-of select="k:t('field.name')"/></th>
                <th scope="col"><xsl:value-of select="k:t('field.email')"/></th>
                <th scope="col"><xsl:value-of select="k:t('field.role')"/></th>
                <th scope="col"><xsl:value-of select="k:t('members.actions')"/></th>
              </tr></thead>
              <tbody>
                <xsl:for-each select="member">
                  <tr>
                    <th scope="row"><xsl:value-of select="name"/></th>
                    <td><xsl:value-of select="email"/></td>
                    <td><xsl:value-of select="k:t(concat('role.', @role))"/></td>
                    <td class="actions">
                      <xsl:choose>
                        <xsl:when test="@me"><a href="/account/security"><xsl:value-of select="k:t('org2fa.turn_on')"/></a></xsl:when>
                        <xsl:when test="@next"><xsl:value-of select="k:t('org2fa.next', k:date(@next))"/></xsl:when>
                        <xsl:otherwise>
                          <form method="post" action="/orgs/{/page/org/@id}/members/{@id}/twofa-reminder" class="inline">
                            <xsl:call-template name="csrf"/>
                            <button type="submit" aria-label="{k:t('org2fa.remind_named', string(name))}"><xsl:value-of select="k:t('org2fa.remind')"/></button>
                          </form>
                        </xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
            <form method="post" action="/orgs/{/page/org/@id}/twofa/reminders">
              <xsl:call-template name="csrf"/>
              <button type="submit"><xsl:value-of select="k:t('org2fa.remind_all')"/></button>
            </form>
          </xsl:when>
          <xsl:otherwise><p class="status ok"><xsl:value-of select="k:t('org2fa.all_have')"/></p></xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </xsl:when>
    <xsl:when test="@required"><p><xsl:value-of select="k:t('org2fa.required')"/></p></xsl:when>
    <xsl:otherwise><p><xsl:value-of select="k:t('org2fa.not_required_yet')"/></p></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
