// This file was generated with `cornucopia`. Do not modify.

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum JobState {
    Active,
    Succeeded,
    Failed,
    Unclaimed,
    Expired,
}
impl<'a> postgres_types::ToSql for JobState {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            JobState::Active => "active",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Unclaimed => "unclaimed",
            JobState::Expired => "expired",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "job_state" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 5 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "active" => true,
                    "succeeded" => true,
                    "failed" => true,
                    "unclaimed" => true,
                    "expired" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for JobState {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<JobState, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "active" => Ok(JobState::Active),
            "succeeded" => Ok(JobState::Succeeded),
            "failed" => Ok(JobState::Failed),
            "unclaimed" => Ok(JobState::Unclaimed),
            "expired" => Ok(JobState::Expired),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "job_state" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 5 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "active" => true,
                    "succeeded" => true,
                    "failed" => true,
                    "unclaimed" => true,
                    "expired" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum JobStage {
    Init,
    Fetch,
    Build,
    Upload,
}
impl<'a> postgres_types::ToSql for JobStage {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            JobStage::Init => "init",
            JobStage::Fetch => "fetch",
            JobStage::Build => "build",
            JobStage::Upload => "upload",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "job_stage" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 4 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "init" => true,
                    "fetch" => true,
                    "build" => true,
                    "upload" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for JobStage {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<JobStage, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "init" => Ok(JobStage::Init),
            "fetch" => Ok(JobStage::Fetch),
            "build" => Ok(JobStage::Build),
            "upload" => Ok(JobStage::Upload),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "job_stage" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 4 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "init" => true,
                    "fetch" => true,
                    "build" => true,
                    "upload" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum BuildResult {
    Succeeded,
    BuildFailed,
    InfrastructureError,
    TimedOut,
    Cancelled,
}
impl<'a> postgres_types::ToSql for BuildResult {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            BuildResult::Succeeded => "succeeded",
            BuildResult::BuildFailed => "build_failed",
            BuildResult::InfrastructureError => "infrastructure_error",
            BuildResult::TimedOut => "timed_out",
            BuildResult::Cancelled => "cancelled",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "build_result" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 5 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "succeeded" => true,
                    "build_failed" => true,
                    "infrastructure_error" => true,
                    "timed_out" => true,
                    "cancelled" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for BuildResult {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<BuildResult, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "succeeded" => Ok(BuildResult::Succeeded),
            "build_failed" => Ok(BuildResult::BuildFailed),
            "infrastructure_error" => Ok(BuildResult::InfrastructureError),
            "timed_out" => Ok(BuildResult::TimedOut),
            "cancelled" => Ok(BuildResult::Cancelled),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "build_result" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 5 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "succeeded" => true,
                    "build_failed" => true,
                    "infrastructure_error" => true,
                    "timed_out" => true,
                    "cancelled" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum TaskKind {
    Metadata,
    Binary,
}
impl<'a> postgres_types::ToSql for TaskKind {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            TaskKind::Metadata => "metadata",
            TaskKind::Binary => "binary",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "task_kind" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 2 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "metadata" => true,
                    "binary" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for TaskKind {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<TaskKind, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "metadata" => Ok(TaskKind::Metadata),
            "binary" => Ok(TaskKind::Binary),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "task_kind" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 2 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "metadata" => true,
                    "binary" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum TaskState {
    Waiting,
    Active,
    Succeeded,
    Failed,
    Held,
    Delayed,
    Cancelled,
}
impl<'a> postgres_types::ToSql for TaskState {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            TaskState::Waiting => "waiting",
            TaskState::Active => "active",
            TaskState::Succeeded => "succeeded",
            TaskState::Failed => "failed",
            TaskState::Held => "held",
            TaskState::Delayed => "delayed",
            TaskState::Cancelled => "cancelled",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "task_state" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 7 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "waiting" => true,
                    "active" => true,
                    "succeeded" => true,
                    "failed" => true,
                    "held" => true,
                    "delayed" => true,
                    "cancelled" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for TaskState {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<TaskState, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "waiting" => Ok(TaskState::Waiting),
            "active" => Ok(TaskState::Active),
            "succeeded" => Ok(TaskState::Succeeded),
            "failed" => Ok(TaskState::Failed),
            "held" => Ok(TaskState::Held),
            "delayed" => Ok(TaskState::Delayed),
            "cancelled" => Ok(TaskState::Cancelled),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "task_state" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 7 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "waiting" => true,
                    "active" => true,
                    "succeeded" => true,
                    "failed" => true,
                    "held" => true,
                    "delayed" => true,
                    "cancelled" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum LogEncoding {
    Plain,
    Zstd,
}
impl<'a> postgres_types::ToSql for LogEncoding {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            LogEncoding::Plain => "plain",
            LogEncoding::Zstd => "zstd",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "log_encoding" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 2 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "plain" => true,
                    "zstd" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for LogEncoding {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<LogEncoding, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "plain" => Ok(LogEncoding::Plain),
            "zstd" => Ok(LogEncoding::Zstd),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "log_encoding" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 2 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "plain" => true,
                    "zstd" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum RegistrySourceKind {
    Git,
    Sparse,
}
impl<'a> postgres_types::ToSql for RegistrySourceKind {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            RegistrySourceKind::Git => "git",
            RegistrySourceKind::Sparse => "sparse",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "registry_source_kind" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 2 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "git" => true,
                    "sparse" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for RegistrySourceKind {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<RegistrySourceKind, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "git" => Ok(RegistrySourceKind::Git),
            "sparse" => Ok(RegistrySourceKind::Sparse),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "registry_source_kind" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 2 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "git" => true,
                    "sparse" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum RegistryPassKind {
    GitFull,
    GitIncremental,
    Sparse,
}
impl<'a> postgres_types::ToSql for RegistryPassKind {
    fn to_sql(
        &self,
        ty: &postgres_types::Type,
        buf: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let s = match *self {
            RegistryPassKind::GitFull => "git_full",
            RegistryPassKind::GitIncremental => "git_incremental",
            RegistryPassKind::Sparse => "sparse",
        };
        buf.extend_from_slice(s.as_bytes());
        std::result::Result::Ok(postgres_types::IsNull::No)
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "registry_pass_kind" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 3 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "git_full" => true,
                    "git_incremental" => true,
                    "sparse" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
    fn to_sql_checked(
        &self,
        ty: &postgres_types::Type,
        out: &mut postgres_types::private::BytesMut,
    ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        postgres_types::__to_sql_checked(self, ty, out)
    }
}
impl<'a> postgres_types::FromSql<'a> for RegistryPassKind {
    fn from_sql(
        ty: &postgres_types::Type,
        buf: &'a [u8],
    ) -> Result<RegistryPassKind, Box<dyn std::error::Error + Sync + Send>> {
        match std::str::from_utf8(buf)? {
            "git_full" => Ok(RegistryPassKind::GitFull),
            "git_incremental" => Ok(RegistryPassKind::GitIncremental),
            "sparse" => Ok(RegistryPassKind::Sparse),
            s => Result::Err(Into::into(format!("invalid variant `{}`", s))),
        }
    }
    fn accepts(ty: &postgres_types::Type) -> bool {
        if ty.name() != "registry_pass_kind" {
            return false;
        }
        match *ty.kind() {
            postgres_types::Kind::Enum(ref variants) => {
                if variants.len() != 3 {
                    return false;
                }
                variants.iter().all(|v| match &**v {
                    "git_full" => true,
                    "git_incremental" => true,
                    "sparse" => true,
                    _ => false,
                })
            }
            _ => false,
        }
    }
}
