<?xml version="1.0" encoding="UTF-8"?>
<!-- One member: role, what a user-role member may see, removal (fcgi/org/page_members.c).
     Where the last legal representative is concerned it explains the procedure instead of
     offering a button the rules would refuse. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='org/member']" mode="main">
  <xsl:variable name="m" select="member"/>
  <xsl:variable name="base" select="concat('/orgs/', org/@id, '/members/', $m/@id)"/>
  <h1><xsl:value-of select="$m/name"/></h1>
  <xsl:call-template name="org-nav"><xsl:with-param name="current" select="'members'"/></xsl:call-template>
  <dl class="facts">
    <dt><xsl:value-of select="k:t('field.email')"/></dt><dd><xsl:value-of select="$m/email"/></dd>
    <dt><xsl:value-of select="k:t('field.role')"/></dt><dd><xsl:value-of select="k:t(concat('role.', $m/@role))"/></dd>
    <dt><xsl:value-of select="k:t('member.since')"/></dt><dd><xsl:value-of select="k:date($m/@since)"/></dd>
  </dl>

  <xsl:if test="$m/@last_legal_rep">
    <section class="card explain" aria-labelledby="lr-heading">
      <h2 id="lr-heading"><xsl:value-of select="k:t('member.last_lr_heading')"/></h2>
      <p><xsl:value-of select="k:t('member.last_lr_text')"/></p>
      <ol>
        <li><xsl:value-of select="k:t('member.last_lr_step1')"/></li>
        <li><xsl:value-of select="k:t('member.last_lr_step2')"/></li>
      </ol>
      <p><a href="/orgs/{org/@id}/members"><xsl:value-of select="k:t('member.go_invite')"/></a></p>
    </section>
  </xsl:if>

  <xsl:if test="$m/@may_change and not($m/@last_legal_rep)">
    <h2 id="role-heading"><xsl:value-of select="k:t('member.change_role')"/></h2>
    <form method="post" action="{$base}/role" class="card" aria-labelledby="role-heading">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <label for="f-role"><xsl:value-of select="k:t('field.role')"/></label>
        <select id="f-role" name="role">
          <xsl:if test="$m/@may_appoint">
            <option value="legal_representative"><xsl:if test="$m/@role = 'legal_representative'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t('role.legal_representative')"/></option>
          </xsl:if>
          <option value="admin"><xsl:if test="$m/@role = 'admin'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t('role.admin')"/></option>
          <option value="user"><xsl:if test="$m/@role = 'user'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="k:t('role.user')"/></option>
        </select>
        <xsl:call-template name="field-error"><xsl:with-param name="name" select="'role'"/></xsl:call-template>
      </div>
      <xsl:if test="not($m/@may_appoint)"><p class="hint"><xsl:value-of select="k:t('member.only_lr_appoints')"/></p></xsl:if>
      <button type="submit"><xsl:value-of select="k:t('member.save_role')"/></button>
    </form>
  </xsl:if>
  <xsl:if test="org/@manages and not($m/@may_change) and $m/@role = 'legal_representative'">
    <p class="hint"><xsl:value-of select="k:t('member.only_lr_changes_lr')"/></p>
  </xsl:if>

  <xsl:if test="$m/@role = 'user' and org/@manages">
    <h2 id="grants-heading"><xsl:value-of select="k:t('member.grants')"/></h2>
    <form method="post" action="{$base}/grants" class="card" aria-labelledby="grants-heading">
      <xsl:call-template name="csrf"/>
      <fieldset>
        <legend><xsl:value-of select="k:t('member.grant_kinds')"/></legend>
        <xsl:for-each select="/page/kinds/kind">
          <div class="check">
            <input type="checkbox" id="f-kind_{@name}" name="kind_{@name}" value="1">
              <xsl:if test="/page/grants/kind[@name = current()/@name]"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <label for="f-kind_{@name}"><xsl:value-of select="k:t(concat('member.all_of_kind.', @name))"/></label>
          </div>
        </xsl:for-each>
      </fieldset>
      <fieldset>
        <legend><xsl:value-of select="k:t('member.grant_products')"/></legend>
        <xsl:call-template name="field-error"><xsl:with-param name="name" select="'products'"/></xsl:call-template>
        <xsl:choose>
          <xsl:when test="products/product">
            <div class="choices">
              <xsl:for-each select="products/product">
                <div class="check">
                  <input type="checkbox" id="f-product-{@id}" name="products" value="{@id}">
                    <xsl:if test="/page/grants/product[@id = current()/@id]"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                  </input>
                  <label for="f-product-{@id}"><xsl:value-of select="name"/><xsl:text> </xsl:text><small>(<xsl:value-of select="k:t(concat('kind.', @kind))"/>)</small></label>
                </div>
              </xsl:for-each>
              <!-- Granted products beyond the choices listed (a large organization): still
                   shown, so that saving keeps them unless they are unticked. -->
              <xsl:for-each select="grants/product[not(@id = /page/products/product/@id)]">
                <div class="check">
                  <input type="checkbox" id="f-product-{@id}" name="products" value="{@id}" checked="checked"/>
                  <label for="f-product-{@id}"><xsl:value-of select="name"/><xsl:text> </xsl:text><small>(<xsl:value-of select="k:t(concat('kind.', @kind))"/>)</small></label>
                </div>
              </xsl:for-each>
            </div>
          </xsl:when>
          <xsl:otherwise><p class="hint"><xsl:value-of select="k:t('member.no_products')"/></p></xsl:otherwise>
        </xsl:choose>
      </fieldset>
      <button type="submit"><xsl:value-of select="k:t('member.save_grants')"/></button>
    </form>
  </xsl:if>

  <xsl:if test="$m/@may_remove and not($m/@last_legal_rep)">
    <h2 id="remove-heading">
      <xsl:choose>
        <xsl:when test="$m/@me"><xsl:value-of select="k:t('member.leave')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="k:t('member.remove')"/></xsl:otherwise>
      </xsl:choose>
    </h2>
    <form method="post" action="{$base}/remove" class="card danger" aria-labelledby="remove-heading">
      <xsl:call-template name="csrf"/>
      <p><xsl:value-of select="k:t('member.loses')"/></p>
      <ul>
        <li><xsl:value-of select="k:t(concat('member.loses_role.', $m/@role))"/></li>
        <xsl:if test="grants/kind or grants/product">
          <li><xsl:value-of select="k:t('member.loses_grants', string(count(grants/kind) + count(grants/product)))"/></li>
        </xsl:if>
        <xsl:if test="grants/@tokens &gt; 0">
          <li><xsl:value-of select="k:t('member.loses_tokens', string(grants/@tokens))"/></li>
        </xsl:if>
      </ul>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'password'"/>
        <xsl:with-param name="label" select="'field.your_password'"/>
        <xsl:with-param name="type" select="'password'"/>
        <xsl:with-param name="autocomplete" select="'current-password'"/>
      </xsl:call-template>
      <button type="submit" class="danger">
        <xsl:choose>
          <xsl:when test="$m/@me"><xsl:value-of select="k:t('member.leave_button')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="k:t('member.remove_button')"/></xsl:otherwise>
        </xsl:choose>
      </button>
    </form>
  </xsl:if>
</xsl:template>
</xsl:stylesheet>
