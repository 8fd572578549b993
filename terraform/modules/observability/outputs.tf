output "logs_kms_key_arn" {
  description = "KMS key for CloudWatch log groups (flow logs, WAF, slow log, containers)."
  value       = aws_kms_key.logs.arn
}

output "log_group_names" {
  description = "Log group of each container kind: web, worker, beat, migrate, ecs-exec."
  value       = { for key, group in aws_cloudwatch_log_group.this : key => group.name }
}

output "log_group_arns" {
  description = "ARNs of the container log groups."
  value       = [for group in aws_cloudwatch_log_group.this : group.arn]
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms (sa-east-1)."
  value       = aws_sns_topic.alarms.arn
}
