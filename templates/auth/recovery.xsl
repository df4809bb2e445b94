<?xml version="1.0" encoding="UTF-8"?>
<!-- The help request when every second factor is lost (fcgi/auth/recovery.c): the status of
     the latest request, and, unless one is pending, the form with the documents. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">

<xsl:template match="page[@view='auth/recovery']" mode="main">
  <h1><xsl:value-of select="k:t('recovery.title')"/></h1>
  <p><xsl:value-of select="k:t('recovery.for', string(account/@email))"/></p>
  <xsl:apply-templates select="request" mode="recovery"/>
  <xsl:apply-templates select="recovery-form" mode="recovery"/>
  <p><a href="/login/2fa"><xsl:value-of select="k:t('recovery.back')"/></a></p>
</xsl:template>

<xsl:template match="request" mode="recovery">
  <section class="card narrow" aria-labelledby="rq-status">
    <h2 id="rq-status"><xsl:value-of select="k:t('recovery.status.title')"/></h2>
    <p class="status {@status}" role="status">
      <xsl:choose>
        <xsl:when test="@status = 'pending'"><xsl:value-of select="k:t('recovery.status.pending', k:date(@created))"/></xsl:when>
        <xsl:when test="@status = 'approved'"><xsl:value-of select="k:t('recovery.status.approved', k:date(@decided))"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="k:t('recovery.status.rejected', k:date(@decided))"/></xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:if test="reason">
      <p><xsl:value-of select="k:t('recovery.status.reason', string(reason))"/></p>
    </xsl:if>
    <p>
      <xsl:choose>
        <xsl:when test="@deleted"><xsl:value-of select="k:t('recovery.documents.deleted', k:date(@deleted))"/></xsl:when>
        <xsl:when test="@status != 'pending'"><xsl:value-of select="k:t('recovery.documents.deleting')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="k:t('recovery.documents.delete_by', k:date(@delete-by))"/></xsl:otherwise>
      </xsl:choose>
    </p>
  </section>
</xsl:template>

<!-- A file input with its label, hint and error, like the layout's "field". -->
<xsl:template name="document-field">
  <xsl:param name="name"/>
  <xsl:variable name="err" select="/page/error[@field = $name]"/>
  <div class="field">
    <label for="f-{$name}"><xsl:value-of select="k:t(concat('recovery.file.', $name))"/></label>
    <p class="hint" id="f-{$name}-hint"><xsl:value-of select="k:t('recovery.file.hint', string(/page/recovery-form/@max-mb))"/></p>
    <input id="f-{$name}" name="{$name}" type="file" required="required"
           accept="image/jpeg,image/png,application/pdf">
      <xsl:choose>
        <xsl:when test="$err">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-<xsl:value-of select="$name"/>-error f-<xsl:value-of select="$name"/>-hint</xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="aria-describedby">f-<xsl:value-of select="$name"/>-hint</xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
    </input>
    <xsl:if test="$err"><p class="field-error" id="f-{$name}-error"><xsl:value-of select="k:t($err/@key)"/></p></xsl:if>
  </div>
</xsl:template>

<xsl:template match="recovery-form" mode="recovery">
  <section class="card narrow" aria-labelledby="rq-new">
    <h2 id="rq-new"><xsl:value-of select="k:t('recovery.form.title')"/></h2>
    <p><xsl:value-of select="k:t('recovery.form.intro')"/></p>
    <form method="post" action="/login/recovery" enctype="multipart/form-data">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="document-field"><xsl:with-param name="name" select="'front'"/></xsl:call-template>
      <xsl:call-template name="document-field"><xsl:with-param name="name" select="'back'"/></xsl:call-template>
      <xsl:call-template name="document-field"><xsl:with-param name="name" select="'selfie'"/></xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="label" select="'recovery.phone.label'"/>
        <xsl:with-param name="hint" select="'recovery.phone.hint'"/>
        <xsl:with-param name="type" select="'tel'"/>
        <xsl:with-param name="autocomplete" select="'tel'"/>
        <xsl:with-param name="maxlength" select="'40'"/>
        <xsl:with-param name="value" select="string(@phone)"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="k:t('recovery.form.privacy')"/></p>
      <button type="submit" class="primary"><xsl:value-of select="k:t('recovery.form.submit')"/></button>
    </form>
  </section>
</xsl:template>
</xsl:stylesheet>
