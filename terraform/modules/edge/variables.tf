variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "domain" {
  description = "BASE_DOMAIN: the state's host; each municipality is <slug>.<domain>."
  type        = string
}

variable "route53_zone_id" {
  description = "Hosted zone that holds var.domain (records for the apex and *.domain go there)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the load balancer."
  type        = string
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC (the ALB only talks to targets inside it)."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets of the load balancer (one per availability zone)."
  type        = list(string)
}

variable "app_port" {
  description = "Port gunicorn listens on in the web containers."
  type        = number
  default     = 8000
}

variable "health_check_path" {
  description = "Target health check (liveness, any Host header)."
  type        = string
  default     = "/healthz"
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener (TLS 1.2+)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "access_logs_bucket" {
  description = "Bucket receiving the ALB access logs."
  type        = string
}

variable "access_logs_prefix" {
  description = "Prefix of the ALB access logs in that bucket."
  type        = string
  default     = "alb"
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes from one IP before WAF blocks it."
  type        = number
  default     = 2000
}

variable "logs_kms_key_arn" {
  description = "KMS key of the WAF log group."
  type        = string
}

variable "log_retention_days" {
  description = "Days the WAF logs are kept."
  type        = number
  default     = 365
}
