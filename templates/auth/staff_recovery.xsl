<?xml version="1.0" encoding="UTF-8"?>
<!-- Provider staff: one help request, its documents, and the decision
     (fcgi/auth/recovery_staff.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="page[@view='auth/staff_recovery']" mode="main">
  <xsl:variable name="q" select="request"/>
  <xsl:variable name="base" select="concat('/staff/recovery/', $q/@id)"/>
  <h1><xsl:value-of select="k:t('recovery.staff.request_title')"/></h1>
  <p><a href="/staff/recovery"><xsl:value-of select="k:t('recovery.staff.back')"/></a></p>
  <dl class="facts">
    <dt><xsl:value-of select="k:t('recovery.staff.col.user')"/></dt>
    <dd><xsl:value-of select="$q/@name"/> · <xsl:value-of select="$q/@email"/></dd>
    <dt><xsl:value-of select="k:t('recovery.phone.label')"/></dt>
    <dd><a href="tel:{$q/@phone}"><xsl:value-of select="$q/@phone"/></a></dd>
    <dt><xsl:value-of select="k:t('recovery.staff.col.created')"/></dt>
    <dd><xsl:value-of select="k:date($q/@created)"/> · <xsl:value-of select="k:t('recovery.staff.from', string($q/@ip))"/></dd>
    <dt><xsl:value-of select="k:t('recovery.staff.factors')"/></dt>
    <dd><xsl:value-of select="$q/@factors"/></dd>
    <dt><xsl:value-of select="k:t('recovery.staff.col.status')"/></dt>
    <dd><span class="status {$q/@status}"><xsl:value-of select="k:t(concat('recovery.state.', $q/@status))"/></span>
      <xsl:if test="$q/@decided"> · <xsl:value-of select="k:date($q/@decided)"/></xsl:if>
      <xsl:if test="$q/@staff-name"> · <xsl:value-of select="$q/@staff-name"/></xsl:if></dd>
    <xsl:if test="$q/reason">
      <dt><xsl:value-of select="k:t('recovery.staff.reason')"/></dt><dd><xsl:value-of select="$q/reason"/></dd>
    </xsl:if>
    <dt><xsl:value-of select="k:t('recovery.staff.col.documents')"/></dt>
    <dd><xsl:choose>
      <xsl:when test="$q/@deleted"><xsl:value-of select="k:t('recovery.documents.deleted', k:date($q/@deleted))"/></xsl:when>
      <xsl:when test="$q/@status != 'pending'"><xsl:value-of select="k:t('recovery.documents.deleting')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="k:t('recovery.documents.delete_by', k:date($q/@delete-by))"/></xsl:otherwise>
    </xsl:choose></dd>
  </dl>

  <xsl:if test="$q/document">
    <section aria-labelledby="rq-docs">
      <h2 id="rq-docs"><xsl:value-of select="k:t('recovery.staff.documents')"/></h2>
      <div class="cards three">
        <xsl:for-each select="$q/document">
          <figure class="card document">
            <xsl:choose>
              <xsl:when test="starts-with(@type, 'image/')">
                <a href="{$base}/documents/{@n}"><img class="document" src="{$base}/documents/{@n}" alt="{k:t(concat('recovery.file.', @kind))}"/></a>
              </xsl:when>
              <xsl:otherwise>
                <p><a href="{$base}/documents/{@n}"><xsl:value-of select="k:t('recovery.staff.open_pdf')"/></a></p>
              </xsl:otherwise>
            </xsl:choose>
            <figcaption><xsl:value-of select="k:t(concat('recovery.file.', @kind))"/> · <xsl:value-of select="@type"/> · <xsl:value-of select="@kb"/> KB</figcaption>
          </figure>
        </xsl:for-each>
      </div>
    </section>
  </xsl:if>

  <xsl:choose>
    <xsl:when test="$q/@own and $q/@status = 'pending'">
      <p class="msg info" role="status"><xsl:value-of select="k:t('recovery.staff.own')"/></p>
    </xsl:when>
    <xsl:when test="$q/@status = 'pending'">
      <section class="card" aria-labelledby="rq-decide">
        <h2 id="rq-decide"><xsl:value-of select="k:t('recovery.staff.decide')"/></h2>
        <xsl:if test="$q/document">
          <p><xsl:value-of select="k:t('recovery.staff.approve_explain')"/></p>
          <form method="post" action="{$base}/approve" class="decision">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="primary"><xsl:value-of select="k:t('recovery.staff.approve')"/></button>
          </form>
        </xsl:if>
        <xsl:if test="not($q/document)">
          <p><xsl:value-of select="k:t('recovery.staff.expired')"/></p>
        </xsl:if>
        <form method="post" action="{$base}/reject">
          <xsl:call-template name="csrf"/>
          <xsl:variable name="err" select="/page/error[@field = 'reason']"/>
          <div class="field">
            <label for="f-reason"><xsl:value-of select="k:t('recovery.staff.reason')"/></label>
            <p class="hint" id="f-reason-hint"><xsl:value-of select="k:t('recovery.staff.reason_hint')"/></p>
            <textarea id="f-reason" name="reason" rows="4" maxlength="1000" required="required" aria-describedby="f-reason-hint">
              <xsl:if test="$err"><xsl:attribute name="aria-invalid">true</xsl:attribute>
                <xsl:attribute name="aria-describedby">f-reason-error f-reason-hint</xsl:attribute></xsl:if>
            </textarea>
            <xsl:if test="$err"><p class="field-error" id="f-reason-error"><xsl:value-of select="k:t('recovery.staff.reason_needed')"/></p></xsl:if>
          </div>
          <button type="submit" class="danger"><xsl:value-of select="k:t('recovery.staff.reject')"/></button>
        </form>
      </section>
    </xsl:when>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
