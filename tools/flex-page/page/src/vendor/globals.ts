/**
 * Page globals Flex UI expects before it compiles anything: Flex's own page loads Handlebars as a global,
 * and Flex's string templates call `Handlebars.compile`. Imported first by vendor.ts.
 */
import Handlebars from 'handlebars';

Object.assign(window, { Handlebars });
