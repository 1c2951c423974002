// The sign-in form's rules, the same as the API's SignInInput (api/src/schema/session.ts), so most mistakes
// are shown before a request is sent; the API still checks and its ValidationError is shown the same way.
import { z } from 'zod';

export const SignInFormSchema = z.object({
  email: z.email('Enter a valid e-mail address.').max(320, 'An e-mail address has at most 320 characters.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'A password has at most 1,024 characters.'),
});
