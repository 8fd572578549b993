variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "secrets" {
  description = "Secrets whose values operators put with `aws secretsmanager put-secret-value` (never in Terraform state): key => description."
  type        = map(string)
  default = {
    "django-secret-key"   = "DJANGO_SECRET_KEY: 50+ random characters."
    "database-password"   = "Password of the RDS master user; Terraform composes DATABASE_URL from it."
    "redis-auth-token"    = "ElastiCache AUTH token (16-128 printable characters, no @ \" /); Terraform composes REDIS_URL from it."
    "email-url"           = "EMAIL_URL, e.g. smtp+tls://USER:PASS@email-smtp.sa-east-1.amazonaws.com:587."
    "govbr-client-secret" = "Client secret of the gov.br login integration."
    "tramita-certificate" = "PEM client certificate for the Tramita integration."
    "tramita-private-key" = "PEM private key of the Tramita client certificate."
  }
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  type        = number
  default     = 30
}
