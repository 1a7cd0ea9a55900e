import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { atLeast, ROLES, roleLabel, roleName, type Member, type RoleName } from "../api/model";
import { keys, useChange, useInvitations, useMembers } from "../api/queries";
import { useWorkspace } from "../workspace/workspace";
import { ConfirmButton } from "../ui/ConfirmButton";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";

/** The roles a caller may hand out: admins up to admin, owners every role. */
export function assignableRoles(role: RoleName): RoleName[] {
  if (role === "owner") {
    return [...ROLES];
  }
  return role === "admin" ? ROLES.filter((r) => r !== "owner") : [];
}

/**
 * Members and their roles. Everyone sees the list; admins change roles, remove members and invite
 * people; only owners touch owners.
 */
export function MembersPage() {
  const { org, role, me } = useWorkspace();
  const admin = atLeast(role, "admin");
  const members = useMembers(org.slug);
  const change = useChange(
    ({ userId, to }: { userId: string; to: RoleName }) => api.changeRole(org.slug, userId, to),
    keys.members(org.slug),
  );
  const remove = useChange(
    (userId: string) => api.removeMember(org.slug, userId),
    keys.members(org.slug),
  );
  const mayManage = (member: Member) =>
    admin &&
    member.userId !== me.user.id &&
    (role === "owner" || roleName(member.role) !== "owner");

  return (
    <Page
      title="Members"
      lead={
        <>
          Roles, from least to most: viewer, launcher, editor, admin, owner. Each may do everything
          the ones before it may.
        </>
      }
    >
      {members.isPending && <Loading what="members" />}
      <ErrorMessage error={members.error} />
      <ErrorMessage error={change.error} prefix="Role not changed" />
      <ErrorMessage error={remove.error} prefix="Not removed" />
      {members.data && (
        <table>
          <caption className="visually-hidden">Members of {org.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {admin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {members.data.map((member) => (
              <tr key={member.userId}>
                <td>
                  {member.name}
                  {member.userId === me.user.id && <span className="muted"> (you)</span>}
                </td>
                <td>{member.email}</td>
                <td>
                  {mayManage(member) ? (
                    <RoleEditor
                      member={member}
                      roles={assignableRoles(role)}
                      busy={change.isPending}
                      onSave={(to) => change.mutate({ userId: member.userId, to })}
                    />
                  ) : (
                    roleLabel(member.role)
                  )}
                </td>
                <td>{formatTime(member.joinedAt)}</td>
                {admin && (
                  <td className="actions">
                    {mayManage(member) && (
                      <ConfirmButton
                        label={`Remove ${member.name || member.email}`}
                        confirmLabel={`Remove ${member.name || member.email}`}
                        question={`Remove ${member.email} from ${org.name}?`}
                        onConfirm={() => remove.mutate(member.userId)}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin ? (
        <Invitations />
      ) : (
        <p className="muted">Admins of {org.name} invite people and change roles.</p>
      )}
    </Page>
  );
}

/** A role picker that changes nothing until "Save", so arrow keys never fire a request. */
function RoleEditor({
  member,
  roles,
  busy,
  onSave,
}: {
  member: Member;
  roles: RoleName[];
  busy: boolean;
  onSave: (role: RoleName) => void;
}) {
  const current = roleName(member.role);
  const [chosen, setChosen] = useState<RoleName>(current);
  const id = `role-${member.userId}`;
  return (
    <span className="role-editor">
      <label htmlFor={id} className="visually-hidden">
        Role of {member.email}
      </label>
      <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value as RoleName)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      {chosen !== current && (
        <button type="button" disabled={busy} onClick={() => onSave(chosen)}>
          Save role
        </button>
      )}
    </span>
  );
}

function Invitations() {
  const { org, role } = useWorkspace();
  const invitations = useInvitations(org.slug);
  const invite = useChange(
    ({ email, as }: { email: string; as: RoleName }) => api.invite(org.slug, email, as),
    keys.invitations(org.slug),
  );
  const revoke = useChange(
    (id: string) => api.revokeInvitation(org.slug, id),
    keys.invitations(org.slug),
  );
  const [email, setEmail] = useState("");
  const [as, setAs] = useState<RoleName>("viewer");

  async function submit(event: FormEvent) {
    event.preventDefault();
    const sent = await invite.mutateAsync({ email: email.trim(), as }).catch(() => null);
    if (sent) {
      setEmail("");
    }
  }

  return (
    <section aria-labelledby="invite">
      <h2 id="invite">Invite someone</h2>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor="invite-email">Email</label>
        <input
          id="invite-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={as} onChange={(e) => setAs(e.target.value as RoleName)}>
          {assignableRoles(role).map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        <button type="submit" className="button-primary" disabled={invite.isPending}>
          Send invitation
        </button>
      </form>
      <ErrorMessage error={invite.error} prefix="Not invited" />
      {invite.isSuccess && (
        <p role="status">
          Invited {invite.data.email} as {roleName(invite.data.role)}. The link goes to them by
          email (with <code>materia dev</code>, it is in the control plane's log).
        </p>
      )}
      <h3>Pending invitations</h3>
      {invitations.isPending && <Loading what="invitations" />}
      <ErrorMessage error={invitations.error} />
      <ErrorMessage error={revoke.error} prefix="Not revoked" />
      {invitations.data && invitations.data.length === 0 && (
        <p className="muted">No pending invitations.</p>
      )}
      {invitations.data && invitations.data.length > 0 && (
        <ul className="plain-list">
          {invitations.data.map((invitation) => (
            <li key={invitation.id}>
              {invitation.email} as {roleName(invitation.role)}, expires{" "}
              {formatTime(invitation.expiresAt)}{" "}
              <ConfirmButton
                label={`Revoke invitation for ${invitation.email}`}
                confirmLabel="Revoke invitation"
                question={`Revoke the invitation for ${invitation.email}?`}
                onConfirm={() => revoke.mutate(invitation.id)}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
