output "replication_group_id" {
  description = "ElastiCache replication group ID."
  value       = aws_elasticache_replication_group.this.id
}

output "primary_endpoint_address" {
  description = "Host name of the primary (TLS on 6379)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.cache.id
}

output "redis_url_secret_arn" {
  description = "Secret holding REDIS_URL."
  value       = aws_secretsmanager_secret.redis_url.arn
}
