output "identifier" {
  description = "RDS instance identifier (CloudWatch dimension DBInstanceIdentifier)."
  value       = aws_db_instance.this.identifier
}

output "address" {
  description = "Host name of the database."
  value       = aws_db_instance.this.address
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.database.id
}

output "database_url_secret_arn" {
  description = "Secret holding DATABASE_URL."
  value       = aws_secretsmanager_secret.database_url.arn
}

output "allocated_storage" {
  description = "Initial storage in GiB (for the free-storage alarm threshold)."
  value       = var.allocated_storage
}
