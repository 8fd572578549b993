terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
      # Route 53 health-check metrics exist only in us-east-1: the /readyz alarm lives there.
      configuration_aliases = [aws.us_east_1]
    }
  }
}
