<?xml version="1.0" encoding="UTF-8"?>
<!-- What a security event concerns, as the security log page and the security mail show it:
     a method's name (totp, sms, device, emergency) and "staff" in the reader's language, any
     other detail (a device's or a password's name, an address) as it is. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template name="security-detail">
  <xsl:param name="detail"/>
  <xsl:choose>
    <xsl:when test="$detail = 'totp' or $detail = 'sms' or $detail = 'device' or $detail = 'emergency'">
      <xsl:value-of select="k:t(concat('factor.', $detail))"/>
    </xsl:when>
    <xsl:when test="$detail = 'staff'"><xsl:value-of select="k:t('seclog.detail.staff')"/></xsl:when>
    <xsl:otherwise><xsl:value-of select="$detail"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
