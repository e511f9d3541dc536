# NixOS services for buildsrs: registry-sync, the backend and a builder, each
# with its own dynamic user and the hardening of the unit files under
# daemons/. Secrets stay in files outside the store: the database URL (with
# its password) comes from an environment file, the builder's key through a
# systemd credential.
self:
{ config, lib, pkgs, ... }:
let
  cfg = config.services.buildsrs;
  packages = self.packages.${pkgs.stdenv.hostPlatform.system};

  # The sandboxing every buildsrs unit shares.
  hardening = {
    DynamicUser = true;
    NoNewPrivileges = true;
    ProtectSystem = "strict";
    ProtectHome = true;
    PrivateTmp = true;
    PrivateDevices = true;
    ProtectKernelTunables = true;
    ProtectKernelModules = true;
    ProtectKernelLogs = true;
    ProtectControlGroups = true;
    ProtectClock = true;
    ProtectHostname = true;
    RestrictRealtime = true;
    RestrictSUIDSGID = true;
    LockPersonality = true;
    SystemCallArchitectures = "native";
    CapabilityBoundingSet = "";
    AmbientCapabilities = "";
    UMask = "0077";
    Restart = "always";
    RestartSec = 5;
  };
  # The stricter set of the two database services (the builder runs cargo).
  serviceHardening = hardening // {
    ProtectProc = "invisible";
    ProcSubset = "pid";
    RestrictAddressFamilies = [ "AF_UNIX" "AF_INET" "AF_INET6" ];
    RestrictNamespaces = true;
    MemoryDenyWriteExecute = true;
    SystemCallFilter = [ "@system-service" "~@privileged @resources" ];
  };

  databaseOptions = role: {
    environmentFile = lib.mkOption {
      type = lib.types.path;
      example = "/run/secrets/buildsrs-${role}.env";
      description = "A file setting DATABASE_URL (and DATABASE_READ_URL), kept out of the Nix store.";
    };
    databaseRole = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "buildsrs_${lib.replaceStrings [ "-" ] [ "_" ] role}";
      description = "A role to switch to after connecting (DATABASE_ROLE); null when the login role holds it.";
    };
  };
  roleEnvironment = service:
    lib.optionalAttrs (service.databaseRole != null) { DATABASE_ROLE = service.databaseRole; };
  unitBasics = {
    wantedBy = [ "multi-user.target" ];
    wants = [ "network-online.target" ];
    after = [ "network-online.target" "postgresql.service" ];
    startLimitIntervalSec = 300;
    startLimitBurst = 10;
  };
in
{
  options.services.buildsrs = {
    registry-sync = databaseOptions "registry-sync" // {
      enable = lib.mkEnableOption "buildsrs registry-sync, the crates.io index mirror";
      package = lib.mkOption { type = lib.types.package; default = packages.buildsrs-registry-sync; };
      index = lib.mkOption {
        type = lib.types.str;
        default = "https://github.com/rust-lang/crates.io-index";
        description = "The git index to mirror (REGISTRY_SYNC_GIT).";
      };
      interval = lib.mkOption {
        type = lib.types.str;
        default = "1m";
        description = "The pause between passes (REGISTRY_SYNC_INTERVAL).";
      };
      metricsListen = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        example = "127.0.0.1:9187";
        description = "Serve Prometheus metrics at this address (REGISTRY_SYNC_METRICS_LISTEN).";
      };
    };
    backend = databaseOptions "backend" // {
      enable = lib.mkEnableOption "the buildsrs backend, the HTTP API of builders and users";
      package = lib.mkOption { type = lib.types.package; default = packages.buildsrs-backend; };
      listen = lib.mkOption {
        type = lib.types.str;
        default = "127.0.0.1:8080";
        description = "The address the API listens on (BUILDSRS_LISTEN).";
      };
      storage = lib.mkOption {
        type = lib.types.str;
        default = "/var/lib/buildsrs-backend/artifacts";
        example = "s3://buildsrs-artifacts/farm";
        description = ''
          Where artifacts are stored (BUILDSRS_STORAGE): a directory, or
          s3://bucket/prefix for an S3-compatible service, with AWS_ENDPOINT_URL,
          AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in environmentFile.
        '';
      };
      storageRedirect = lib.mkOption {
        type = lib.types.bool;
        default = false;
        description = "Answer downloads with a redirect to a presigned URL of the bucket (BUILDSRS_STORAGE_REDIRECT; S3 storage only).";
      };
    };
    builder = {
      enable = lib.mkEnableOption "a buildsrs builder";
      package = lib.mkOption { type = lib.types.package; default = packages.buildsrs-builder; };
      backend = lib.mkOption {
        type = lib.types.str;
        example = "https://builds.example.org";
        description = "The backend's URL (BUILDSRS_BUILDER_BACKEND).";
      };
      keyFile = lib.mkOption {
        type = lib.types.path;
        description = "The builder's OpenSSH private key, passed as a systemd credential.";
      };
      slots = lib.mkOption {
        type = lib.types.ints.positive;
        default = 1;
        description = "Jobs built at once (BUILDSRS_BUILDER_SLOTS).";
      };
      toolchain = lib.mkOption {
        type = lib.types.listOf lib.types.package;
        default = [ pkgs.cargo pkgs.rustc pkgs.gcc pkgs.bubblewrap ];
        description = "What builds run with: cargo, rustc, a linker, and bwrap for the sandbox.";
      };
    };
  };

  config = lib.mkMerge [
    (lib.mkIf cfg.registry-sync.enable {
      systemd.services.buildsrs-registry-sync = unitBasics // {
        description = "buildsrs registry-sync: mirror the crates.io index into the database";
        environment = roleEnvironment cfg.registry-sync // {
          REGISTRY_SYNC_GIT = cfg.registry-sync.index;
          REGISTRY_SYNC_INTERVAL = cfg.registry-sync.interval;
        } // lib.optionalAttrs (cfg.registry-sync.metricsListen != null) {
          REGISTRY_SYNC_METRICS_LISTEN = cfg.registry-sync.metricsListen;
        } // {
          REGISTRY_SYNC_MIRROR_DIR = "/var/lib/buildsrs-registry-sync";
          REGISTRY_SYNC_LOG_FORMAT = "json";
          REGISTRY_SYNC_MIGRATE = "false";
          RUST_LOG = "info";
        };
        serviceConfig = serviceHardening // {
          Type = "notify";
          NotifyAccess = "main";
          EnvironmentFile = cfg.registry-sync.environmentFile;
          ExecStart = "${lib.getExe cfg.registry-sync.package} run --no-progress";
          WatchdogSec = 60;
          TimeoutStopSec = 30;
          StateDirectory = "buildsrs-registry-sync";
          WorkingDirectory = "/var/lib/buildsrs-registry-sync";
          MemoryMax = "1G";
          TasksMax = 256;
          RemoveIPC = true;
        };
      };
    })
    (lib.mkIf cfg.backend.enable {
      systemd.services.buildsrs-backend = unitBasics // {
        description = "buildsrs backend: HTTP API for builders and users";
        environment = roleEnvironment cfg.backend // {
          BUILDSRS_LISTEN = cfg.backend.listen;
          BUILDSRS_STORAGE = cfg.backend.storage;
          BUILDSRS_STORAGE_REDIRECT = lib.boolToString cfg.backend.storageRedirect;
          BUILDSRS_LOG_FORMAT = "json";
          RUST_LOG = "info";
        };
        serviceConfig = serviceHardening // {
          Type = "exec";
          EnvironmentFile = cfg.backend.environmentFile;
          ExecStart = lib.getExe cfg.backend.package;
          TimeoutStopSec = 30;
          StateDirectory = "buildsrs-backend";
          WorkingDirectory = "/var/lib/buildsrs-backend";
          LimitNOFILE = 65536;
        };
      };
    })
    (lib.mkIf cfg.builder.enable {
      systemd.services.buildsrs-builder = unitBasics // {
        description = "buildsrs builder: builds crates for the backend";
        after = [ "network-online.target" ];
        path = cfg.builder.toolchain;
        environment = {
          BUILDSRS_BUILDER_BACKEND = cfg.builder.backend;
          BUILDSRS_BUILDER_KEY = "%d/builder_key";
          BUILDSRS_BUILDER_WORK_DIR = "/var/lib/buildsrs-builder";
          BUILDSRS_BUILDER_SLOTS = toString cfg.builder.slots;
          BUILDSRS_BUILDER_SANDBOX = "bwrap";
          BUILDSRS_BUILDER_LOG_FORMAT = "json";
          RUST_LOG = "info";
        };
        serviceConfig = hardening // {
          Type = "exec";
          LoadCredential = "builder_key:${cfg.builder.keyFile}";
          ExecStart = lib.getExe cfg.builder.package;
          KillMode = "mixed";
          TimeoutStopSec = "6min";
          RestartSec = 10;
          StateDirectory = "buildsrs-builder";
          WorkingDirectory = "/var/lib/buildsrs-builder";
          LimitNOFILE = 65536;
          Nice = 5;
          RestrictAddressFamilies = [ "AF_UNIX" "AF_INET" "AF_INET6" "AF_NETLINK" ];
        };
      };
    })
  ];
}
