// `modelhub admin user|org|token ...`: accounts, organisations and access tokens
// (hub::Accounts). Safe while `modelhub serve` runs on the same data directory: each command is
// one transaction, and the server reads accounts afresh on every request.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/cli/admin_command.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/accounts.h"

namespace modelhub::cli {
namespace {

using nlohmann::json;

struct AccountFlags {
  std::string data = "./data";
  std::string name;
  std::string fullname;
  std::string email;
  bool admin = false;
  std::string org;
  std::string user;
  std::string role;
  std::vector<std::string> repos;
  std::vector<std::string> namespaces;
  std::string display_name;
  int64_t token_id = 0;
  bool json = false;
};

std::string When(int64_t millis) { return millis == 0 ? "never" : core::FormatIsoMillis(millis); }

// Runs `body` on the data directory's accounts; prints the error and returns 1 when it fails.
template <typename Body>
int WithAccounts(const AccountFlags& flags, const std::string& command, Body body) {
  auto metastore = OpenDataMetastore(flags.data, command);
  if (!metastore) return 1;
  hub::Accounts accounts(*metastore, CommandLineActor());
  core::Status done = body(accounts);
  if (!done) {
    std::fprintf(stderr, "%s: %s\n", command.c_str(), done.error().message.c_str());
    return done.error().code == core::ErrorCode::kBadRequest ? 2 : 1;
  }
  return 0;
}

CLI::App* Command(CLI::App& group, const std::string& name, const std::string& help,
                  AccountFlags& flags) {
  CLI::App* command = group.add_subcommand(name, help);
  command->add_option("--data", flags.data, "Data directory of `modelhub serve`")
      ->capture_default_str();
  return command;
}

void RegisterUser(CLI::App& admin, std::shared_ptr<AccountFlags> flags) {
  CLI::App* user = admin.add_subcommand("user", "Add, list and remove user accounts");
  user->require_subcommand(1);

  CLI::App* add =
      Command(*user, "add", "Create a user (then give it a token: admin token create)", *flags);
  add->add_option("name", flags->name, "User name (also the user's namespace)")->required();
  add->add_option("--fullname", flags->fullname, "Display name (default: the name)");
  add->add_option("--email", flags->email, "Email address (used in commit signatures)");
  add->add_flag("--admin", flags->admin, "Site administrator: may see and change every repo");
  add->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "user add", [&](hub::Accounts& accounts) -> core::Status {
          MH_ASSIGN_OR_RETURN(auto created, accounts.AddUser(flags->name, flags->fullname,
                                                             flags->email, flags->admin));
          std::printf("created user %s%s\n", created.name.c_str(),
                      created.is_admin ? " (admin)" : "");
          return core::Ok();
        }));
  });

  CLI::App* list = Command(*user, "list", "List users with their organisations", *flags);
  list->add_flag("--json", flags->json, "JSON output");
  list->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "user list", [&](hub::Accounts& accounts) -> core::Status {
          MH_ASSIGN_OR_RETURN(auto users, accounts.ListUsers());
          json out = json::array();
          for (const hub::UserSummary& user_row : users) {
            json orgs = json::object();
            std::string org_text;
            for (const hub::Membership& membership : user_row.orgs) {
              orgs[membership.org] = hub::OrgRoleName(membership.role);
              org_text += (org_text.empty() ? "" : ", ") + membership.org + " (" +
                          std::string(hub::OrgRoleName(membership.role)) + ")";
            }
            if (flags->json) {
              out.push_back({{"name", user_row.name},
                             {"fullname", user_row.fullname},
                             {"email", user_row.email},
                             {"admin", user_row.is_admin},
                             {"createdAt", core::FormatIsoMillis(user_row.created_at)},
                             {"orgs", std::move(orgs)}});
            } else {
              std::printf("%-24s %-6s %-28s %s\n", user_row.name.c_str(),
                          user_row.is_admin ? "admin" : "", user_row.email.c_str(),
                          org_text.c_str());
            }
          }
          if (flags->json) std::cout << out.dump(2) << "\n";
          return core::Ok();
        }));
  });

  CLI::App* remove = Command(
      *user, "remove",
      "Delete a user: revokes its tokens, drops its memberships and access requests. Refused "
      "while it owns repos",
      *flags);
  remove->add_option("name", flags->name, "User name")->required();
  remove->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "user remove", [&](hub::Accounts& accounts) -> core::Status {
          MH_RETURN_IF_ERROR(accounts.RemoveUser(flags->name));
          std::printf("removed user %s\n", flags->name.c_str());
          return core::Ok();
        }));
  });
}

void RegisterOrg(CLI::App& admin, std::shared_ptr<AccountFlags> flags) {
  CLI::App* org = admin.add_subcommand(
      "org",
      "Organisations and their members. Roles: read (sees private repos), contributor (also "
      "creates repos and writes to its own), write (writes to all), admin (also manages members)");
  org->require_subcommand(1);

  CLI::App* create = Command(*org, "create", "Create an organisation (a namespace)", *flags);
  create->add_option("name", flags->name, "Organisation name")->required();
  create->add_option("--fullname", flags->fullname, "Display name");
  create->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "org create", [&](hub::Accounts& accounts) -> core::Status {
          MH_ASSIGN_OR_RETURN(auto created, accounts.CreateOrg(flags->name, flags->fullname));
          std::printf("created organization %s\n", created.name.c_str());
          return core::Ok();
        }));
  });

  CLI::App* add = Command(*org, "add-member", "Add a member, or change a member's role", *flags);
  add->add_option("org", flags->org, "Organisation")->required();
  add->add_option("user", flags->user, "User")->required();
  add->add_option("--role", flags->role, "read | contributor | write | admin")
      ->check(CLI::IsMember({"read", "contributor", "write", "admin"}))
      ->required();
  add->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "org add-member", [&](hub::Accounts& accounts) -> core::Status {
          MH_RETURN_IF_ERROR(
              accounts.AddMember(flags->org, flags->user, *hub::ParseOrgRole(flags->role)));
          std::printf("%s is %s of %s\n", flags->user.c_str(), flags->role.c_str(),
                      flags->org.c_str());
          return core::Ok();
        }));
  });

  CLI::App* remove = Command(*org, "remove-member", "Remove a member", *flags);
  remove->add_option("org", flags->org, "Organisation")->required();
  remove->add_option("user", flags->user, "User")->required();
  remove->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "org remove-member", [&](hub::Accounts& accounts) -> core::Status {
          MH_RETURN_IF_ERROR(accounts.RemoveMember(flags->org, flags->user));
          std::printf("removed %s from %s\n", flags->user.c_str(), flags->org.c_str());
          return core::Ok();
        }));
  });

  CLI::App* list = Command(*org, "list", "List organisations and their members", *flags);
  list->add_flag("--json", flags->json, "JSON output");
  list->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "org list", [&](hub::Accounts& accounts) -> core::Status {
          MH_ASSIGN_OR_RETURN(auto orgs, accounts.ListOrgs());
          json out = json::array();
          for (const hub::OrgSummary& org_row : orgs) {
            json members = json::object();
            std::string text;
            for (const hub::OrgMember& member : org_row.members) {
              members[member.user] = hub::OrgRoleName(member.role);
              text += (text.empty() ? "" : ", ") + member.user + " (" +
                      std::string(hub::OrgRoleName(member.role)) + ")";
            }
            if (flags->json) {
              out.push_back({{"name", org_row.name},
                             {"fullname", org_row.fullname},
                             {"members", std::move(members)}});
            } else {
              std::printf("%-24s %s\n", org_row.name.c_str(), text.c_str());
            }
          }
          if (flags->json) std::cout << out.dump(2) << "\n";
          return core::Ok();
        }));
  });
}

void RegisterToken(CLI::App& admin, std::shared_ptr<AccountFlags> flags) {
  CLI::App* token = admin.add_subcommand("token", "Create, list and revoke access tokens");
  token->require_subcommand(1);

  CLI::App* create = Command(
      *token, "create",
      "Create a token and print it on stdout (shown once; only a salted hash is stored). With "
      "--repo or --namespace it is fine-grained: it works only there",
      *flags);
  create->add_option("--user", flags->user, "Owner of the token")->required();
  create->add_option("--role", flags->role, "read | write")
      ->check(CLI::IsMember({"read", "write"}))
      ->required();
  create->add_option("--repo", flags->repos,
                     "Limit the token to a repo: ns/name (model), datasets/ns/name or "
                     "spaces/ns/name; repeatable");
  create->add_option("--namespace", flags->namespaces,
                     "Limit the token to every repo of a user or organisation (and creating repos "
                     "there); repeatable");
  create->add_option("--name", flags->display_name, "Display name shown by whoami");
  create->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "token create", [&](hub::Accounts& accounts) -> core::Status {
          hub::TokenRequest request;
          request.user = flags->user;
          request.role = flags->role;
          request.display_name = flags->display_name;
          const bool write = flags->role == "write";
          for (const std::string& repo : flags->repos) {
            MH_ASSIGN_OR_RETURN(auto scope, hub::ParseTokenScope(repo, write));
            if (scope.kind != hub::TokenScope::Kind::kRepo) {
              return core::Unexpected(
                  core::ErrorCode::kBadRequest,
                  "--repo '" + repo + "' names no repo: use --namespace for a whole namespace");
            }
            request.scopes.push_back(std::move(scope));
          }
          for (const std::string& ns : flags->namespaces) {
            MH_ASSIGN_OR_RETURN(auto scope, hub::ParseTokenScope(ns, write));
            if (scope.kind != hub::TokenScope::Kind::kNamespace) {
              return core::Unexpected(core::ErrorCode::kBadRequest,
                                      "--namespace '" + ns + "' is not a namespace");
            }
            request.scopes.push_back(std::move(scope));
          }
          MH_ASSIGN_OR_RETURN(auto created, accounts.CreateToken(request));
          std::fprintf(stderr, "token #%lld for %s (%s%s)\n", static_cast<long long>(created.id),
                       flags->user.c_str(), flags->role.c_str(),
                       request.scopes.empty() ? "" : ", fine-grained");
          std::printf("%s\n", created.token.c_str());
          return core::Ok();
        }));
  });

  CLI::App* list = Command(*token, "list", "List tokens (never their values)", *flags);
  list->add_option("--user", flags->user, "Only this user's tokens");
  list->add_flag("--json", flags->json, "JSON output");
  list->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "token list", [&](hub::Accounts& accounts) -> core::Status {
          std::optional<std::string_view> user;
          if (!flags->user.empty()) user = flags->user;
          MH_ASSIGN_OR_RETURN(auto tokens, accounts.ListTokens(user));
          json out = json::array();
          for (const hub::TokenSummary& row : tokens) {
            json scopes = json::array();
            std::string scope_text;
            for (const hub::TokenScope& scope : row.scopes) {
              std::string name = hub::TokenScopeName(scope);
              scopes.push_back({{"scope", name}, {"permission", scope.write ? "write" : "read"}});
              scope_text += " " + name + (scope.write ? ":write" : ":read");
            }
            if (flags->json) {
              out.push_back(
                  {{"id", row.id},
                   {"user", row.user},
                   {"name", row.display_name},
                   {"role", row.role},
                   {"scopes", std::move(scopes)},
                   {"createdAt", core::FormatIsoMillis(row.created_at)},
                   {"lastUsedAt",
                    row.last_used_at ? json(core::FormatIsoMillis(row.last_used_at)) : json()},
                   {"revoked", row.revoked}});
            } else {
              std::printf("#%-5lld %-16s %-12s %-11s last used %-24s%s%s\n",
                          static_cast<long long>(row.id), row.user.c_str(),
                          row.display_name.c_str(), row.role.c_str(),
                          When(row.last_used_at).c_str(), row.revoked ? " REVOKED" : "",
                          scope_text.c_str());
            }
          }
          if (flags->json) std::cout << out.dump(2) << "\n";
          return core::Ok();
        }));
  });

  CLI::App* revoke =
      Command(*token, "revoke", "Revoke a token by its #id (see token list)", *flags);
  revoke->add_option("id", flags->token_id, "Token id")->required();
  revoke->callback([flags] {
    throw CLI::RuntimeError(
        WithAccounts(*flags, "token revoke", [&](hub::Accounts& accounts) -> core::Status {
          MH_RETURN_IF_ERROR(accounts.RevokeToken(flags->token_id));
          std::printf("revoked token #%lld\n", static_cast<long long>(flags->token_id));
          return core::Ok();
        }));
  });
}

}  // namespace

void RegisterUserCommands(CLI::App& admin) {
  auto flags = std::make_shared<AccountFlags>();
  RegisterUser(admin, flags);
  RegisterOrg(admin, flags);
  RegisterToken(admin, flags);
}

}  // namespace modelhub::cli
